import { fileURLToPath } from 'node:url';
import { PYTHON, run } from '@beamstack/testkit';

export { run };

/** Runs one of the scripts in test/py and parses the JSON it prints on its last line. */
export function runPy<T>(script: string, args: readonly string[]): T {
  const path = fileURLToPath(new URL(`./py/${script}`, import.meta.url));
  const r = run(PYTHON, [path, ...args]);
  if (r.status !== 0) throw new Error(`${script} failed (${r.status}): ${r.stderr || r.stdout}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as T;
}
