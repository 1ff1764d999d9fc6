import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PYTHON, SHARED_DIR, interopStatus } from '@beamstack/testkit';

/** One row of bench_codecs.py's results: MB/s of uncompressed bytes, and uncompressed / compressed. */
export interface NativeRow {
  readonly compress_MBps: number;
  readonly decompress_MBps: number | null;
  readonly ratio: number;
}

export interface NativeResults {
  /** By size label ('4M', '16M'), then by the script's row name. */
  readonly rows: ReadonlyMap<string, ReadonlyMap<string, NativeRow>>;
  readonly reps: number;
  /** What the script measured on. */
  readonly frames: string;
}

export const NATIVE_SCRIPT = join(SHARED_DIR, 'bench', 'bench_codecs.py');
const NATIVE_MODULES = ['numpy', 'bitshuffle', 'hdf5plugin', 'h5py', 'lz4.block', 'zstandard', 'fabio'];

/** Why the native baselines cannot run here, or null when they can. */
export function nativeUnavailable(): string | null {
  const status = interopStatus(NATIVE_MODULES);
  return status.available ? null : status.reason;
}

/**
 * Runs the shared native baseline script in this run (single-threaded: OMP_NUM_THREADS=1), so
 * our numbers and theirs come from the same machine state. Its progress goes to stderr.
 */
export function runNative(sizes: readonly string[], reps: number, outFile: string): NativeResults {
  const r = spawnSync(PYTHON, [NATIVE_SCRIPT, '--reps', String(reps), '--sizes', ...sizes, '--out', outFile], {
    env: { ...process.env, OMP_NUM_THREADS: '1' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
    timeout: 3_600_000,
  });
  process.stderr.write(r.stdout ?? '');
  if (r.status !== 0) throw new Error(`${NATIVE_SCRIPT} exited with ${r.status}: ${r.stderr}`);
  const parsed = JSON.parse(readFileSync(outFile, 'utf8')) as { reps: number; results: Record<string, { codecs: Record<string, NativeRow> }> };
  const rows = new Map<string, Map<string, NativeRow>>();
  for (const [size, result] of Object.entries(parsed.results)) rows.set(size, new Map(Object.entries(result.codecs)));
  return { rows, reps: parsed.reps, frames: 'oracle synth.py Scene(seed 7) frame 5' };
}

/** The frame bench_codecs.py measures on (oracle synth.py, seed 7, frame 5), as raw uint32 bytes. */
export function oracleFrame(size: string, height: number, width: number, outFile: string): Uint32Array {
  const script = [
    'import sys',
    `sys.path.insert(0, ${JSON.stringify(join(SHARED_DIR, 'oracle'))})`,
    'from synth import Scene',
    `Scene(${height}, ${width}, 10, bits=32, seed=7).frame(5).astype("<u4").tofile(${JSON.stringify(outFile)})`,
  ].join('\n');
  const r = spawnSync(PYTHON, ['-'], { input: script, encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`cannot make the oracle's ${size} frame: ${r.stderr}`);
  const bytes = readFileSync(outFile);
  return new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}
