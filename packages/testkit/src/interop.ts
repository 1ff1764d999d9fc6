import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Access to the real readers (h5py + hdf5plugin, fabio, CBFlib, DIALS/dxtbx) that judge our output.
 * Debian's interpreter is used on purpose: the python3 on PATH may lack the Debian modules.
 */
export const PYTHON = process.env['BEAMSTACK_PYTHON'] ?? '/usr/bin/python3';

/** When set (CI), a missing reader fails the tests instead of skipping them. */
export const INTEROP_REQUIRED = process.env['BEAMSTACK_REQUIRE_INTEROP'] === '1';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * The shared folder with the real DECTRIS files and native baselines: BEAMSTACK_SHARED, else
 * ../shared next to the repository, else /work/shared (where a clone elsewhere finds it).
 */
export const SHARED_DIR =
  [process.env['BEAMSTACK_SHARED'], resolve(REPO_ROOT, '..', 'shared'), '/work/shared'].find((d): d is string => !!d && existsSync(d)) ??
  resolve(REPO_ROOT, '..', 'shared');
/** The oracle scripts, copied into the repository (test/interop/oracle) so CI never lacks them. */
export const ORACLE_DIR = join(REPO_ROOT, 'test', 'interop', 'oracle');
export const DECTRIS_DIR = join(SHARED_DIR, 'data', 'dectris');

export interface InteropStatus {
  readonly available: boolean;
  readonly reason: string;
}

const probes = new Map<string, InteropStatus>();

/** Whether Debian's python can import these modules (e.g. ['h5py', 'hdf5plugin']). Cached. */
export function interopStatus(modules: readonly string[]): InteropStatus {
  const key = modules.join(',');
  let status = probes.get(key);
  if (!status) {
    const r = spawnSync(PYTHON, ['-c', `import ${key}`], { encoding: 'utf8', timeout: 120_000 });
    status = r.status === 0 ? { available: true, reason: '' } : { available: false, reason: `${PYTHON} cannot import ${key}: ${(r.error?.message ?? r.stderr).trim().split('\n').pop()}` };
    probes.set(key, status);
  }
  return status;
}

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(command: string, args: readonly string[], options: { cwd?: string; input?: string } = {}): RunResult {
  const r = spawnSync(command, args, {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 600_000,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? r.error?.message ?? '' };
}

/** Runs a Python script given as text (argv[1..] = args); returns stdout, throws on failure. */
export function runPython(script: string, args: readonly string[] = []): string {
  const r = run(PYTHON, ['-', ...args], { input: script });
  if (r.status !== 0) throw new Error(`python exited with ${r.status}:\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

/** Runs a Python script and parses the JSON object it prints on its last line. */
export function pythonJson<T>(script: string, args: readonly string[] = []): T {
  return lastJsonLine<T>(runPython(script, args));
}

function lastJsonLine<T>(stdout: string): T {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as T;
}

export interface OracleReport {
  readonly ok: boolean;
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
  readonly [key: string]: unknown;
}

export interface OracleResult {
  readonly status: number | null;
  readonly report: OracleReport;
  readonly stderr: string;
}

/** Runs one of the shared oracle scripts (check_nxmx.py, check_cbf.py ...), which print one JSON line. */
export function runOracle(script: string, args: readonly string[]): OracleResult {
  const r = run(PYTHON, [join(ORACLE_DIR, script), ...args]);
  let report: OracleReport;
  try {
    report = lastJsonLine<OracleReport>(r.stdout);
  } catch {
    report = { ok: false, errors: [`${script} printed no JSON (exit ${r.status}): ${r.stdout} ${r.stderr}`.trim()], warnings: [] };
  }
  return { status: r.status, report, stderr: r.stderr };
}

export const checkNxmx = (master: string, args: readonly string[] = []): OracleResult => runOracle('check_nxmx.py', [master, ...args]);
export const checkCbf = (files: readonly string[], args: readonly string[] = []): OracleResult => runOracle('check_cbf.py', [...files, ...args]);

/** Real DECTRIS files in ../shared/data/dectris whose names match, or [] when the folder is absent. */
export function dectrisFiles(match: RegExp = /\.h5$/): string[] {
  if (!existsSync(DECTRIS_DIR)) return [];
  return readdirSync(DECTRIS_DIR)
    .filter((f) => match.test(f))
    .sort()
    .map((f) => join(DECTRIS_DIR, f));
}
