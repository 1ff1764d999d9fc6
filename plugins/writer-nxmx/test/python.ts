import { spawnSync } from 'node:child_process';

/**
 * Access to the Python readers (h5py + hdf5plugin, HDF5 command-line tools) that judge our files.
 * Tests that need them call `interop()`: when h5py is missing they are skipped with a loud
 * warning — unless BEAMSTACK_REQUIRE_INTEROP=1 (CI), where a missing reader is a failure.
 */
export const PYTHON = '/usr/bin/python3';

let available: boolean | undefined;

export function interopAvailable(): boolean {
  if (available === undefined) {
    const r = spawnSync(PYTHON, ['-c', 'import h5py, hdf5plugin, numpy'], { encoding: 'utf8' });
    available = r.status === 0;
    if (!available) {
      const why = r.error?.message ?? r.stderr.trim();
      if (process.env['BEAMSTACK_REQUIRE_INTEROP'] === '1') {
        throw new Error(`BEAMSTACK_REQUIRE_INTEROP=1 but h5py is not importable with ${PYTHON}: ${why}`);
      }
      console.warn(`\n*** SKIPPING HDF5 interop tests: ${PYTHON} cannot import h5py/hdf5plugin (${why}) ***\n`);
    }
  }
  return available;
}

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(command: string, args: readonly string[], cwd?: string): RunResult {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...(cwd ? { cwd } : {}) });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? (r.error?.message ?? '') };
}

/** The shared NXmx oracle (FORMATS §7): one JSON line, exit 0 when ok. */
export const CHECK_NXMX = '/work/shared/oracle/check_nxmx.py';

export interface OracleResult {
  readonly status: number | null;
  readonly report: { ok: boolean; errors: string[]; warnings: string[]; [key: string]: unknown };
  readonly stderr: string;
}

export function checkNxmx(master: string, args: readonly string[]): OracleResult {
  const r = run(PYTHON, [CHECK_NXMX, master, ...args]);
  const lines = r.stdout.trim().split('\n');
  let report: OracleResult['report'];
  try {
    report = JSON.parse(lines[lines.length - 1]!) as OracleResult['report'];
  } catch {
    report = { ok: false, errors: [`oracle printed no JSON: ${r.stdout} ${r.stderr}`], warnings: [] };
  }
  return { status: r.status, report, stderr: r.stderr };
}

/** Runs a Python snippet (argv[1..] = args) and parses the JSON it prints last. */
export function pyJson<T>(code: string, args: readonly string[]): T {
  const r = run(PYTHON, ['-c', code, ...args]);
  if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.stderr || r.stdout}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as T;
}
