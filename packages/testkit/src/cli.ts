import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT, run, type RunResult } from './interop.js';

/** The built beamstack CLI (`pnpm build` first). */
export const CLI = join(REPO_ROOT, 'host', 'dist', 'cli', 'main.js');

/** `beamstack ARGS...` in a child process, to the end. */
export function beamstack(args: readonly string[], options: { cwd?: string } = {}): RunResult {
  return run(process.execPath, [CLI, ...args], options);
}

/** The parts of a `--json` run summary tests usually read. */
export interface RunJson {
  readonly ok: boolean;
  readonly frames: { readonly in: number; readonly out: number; readonly dropped: number; readonly resumed: number };
  readonly outputs: readonly { readonly path: string; readonly bytes: number; readonly role: string }[];
  readonly warnings: readonly string[];
  readonly error: unknown;
}

/** `beamstack run STACK --out OUT --workers 2 --json`: the exit status and the parsed summary. */
export function runStack(stack: string, out: string): { status: number | null; summary: RunJson } {
  const r = beamstack(['run', stack, '--out', out, '--workers', '2', '--json']);
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return { status: r.status, summary: JSON.parse(line) as RunJson };
  } catch {
    throw new Error(`beamstack run printed no JSON summary (exit ${r.status}): ${r.stdout}\n${r.stderr}`);
  }
}

/**
 * Starts `beamstack ARGS...` and kills it with SIGKILL as soon as `ready()` holds (polled every
 * 2 ms), then waits until it is gone. True when the kill landed; false when the command ended by
 * itself first.
 */
export async function killWhen(args: readonly string[], ready: () => boolean, options: { cwd?: string } = {}): Promise<boolean> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: 'ignore', ...(options.cwd ? { cwd: options.cwd } : {}) });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  let gone = false;
  void exited.then(() => (gone = true));
  while (!gone && !ready()) await new Promise((r) => setTimeout(r, 2));
  if (!gone) child.kill('SIGKILL');
  return (await exited) === 'SIGKILL';
}
