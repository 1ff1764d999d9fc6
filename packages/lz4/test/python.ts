import { spawnSync } from 'node:child_process';
import { describe, it } from 'vitest';

/** Debian's interpreter: the python3 on PATH may lack the Debian modules (FORMATS/oracle README). */
export const PYTHON = '/usr/bin/python3';

const availability = new Map<string, boolean>();

/** True when `/usr/bin/python3 -c "import h5py, <modules>"` succeeds. */
export function pythonHas(modules: readonly string[]): boolean {
  const key = ['h5py', ...modules].join(',');
  let known = availability.get(key);
  if (known === undefined) {
    const probe = spawnSync(PYTHON, ['-c', `import ${key}`], { encoding: 'utf8', timeout: 60_000 });
    known = probe.status === 0;
    availability.set(key, known);
  }
  return known;
}

/**
 * `describe` for suites that need the Python readers. Without them the suite is skipped with a
 * loud warning — unless BEAMSTACK_REQUIRE_INTEROP=1 (CI), where it fails instead.
 */
export function describeInterop(name: string, modules: readonly string[], body: () => void): void {
  if (pythonHas(modules)) {
    describe(name, body);
    return;
  }
  const missing = `${PYTHON} cannot import h5py, ${modules.join(', ')}`;
  if (process.env['BEAMSTACK_REQUIRE_INTEROP'] === '1') {
    describe(name, () => {
      it('has the Python interop modules (BEAMSTACK_REQUIRE_INTEROP=1)', () => {
        throw new Error(`${missing}; interop tests are required`);
      });
    });
    return;
  }
  console.warn(`\n*** SKIPPING interop suite "${name}": ${missing} ***\n`);
  describe.skip(name, body);
}

/** Runs a Python script (passed on stdin) with arguments; returns stdout, throws on failure. */
export function runPython(script: string, args: readonly string[] = []): string {
  const result = spawnSync(PYTHON, ['-', ...args], {
    input: script,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 300_000,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`python exited with ${result.status}:\n${result.stderr}\n${result.stdout}`);
  }
  return result.stdout;
}
