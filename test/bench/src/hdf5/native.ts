import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PYTHON, SHARED_DIR, interopStatus } from '@beamstack/testkit';

export const H5WRITE_SCRIPT = join(SHARED_DIR, 'bench', 'bench_h5write.py');
const MODULES = ['numpy', 'h5py', 'hdf5plugin', 'bitshuffle'];

/** Why the native baselines cannot run here, or null when they can. */
export function nativeUnavailable(): string | null {
  const status = interopStatus(MODULES);
  return status.available ? null : status.reason;
}

/** One mode of bench_h5write.py: MB/s of uncompressed pixels into the page cache (no fsync). */
export interface NativeWriteMode {
  readonly buffered_MBps: number;
  readonly file_bytes: number;
}

export interface NativeWrite {
  /** bitshuffle.compress_lz4 + write_direct_chunk per frame, one thread. */
  readonly directInloop: NativeWriteMode;
  /** ds[i] = frame through HDF5 filter 32008. */
  readonly filter: NativeWriteMode;
  /** write_direct_chunk of chunks compressed beforehand: HDF5 I/O alone. */
  readonly directPrecomp: NativeWriteMode;
  readonly meanChunkBytes: number;
}

/** The shared h5py write baseline, single-threaded, on its own frames (synth.py seed 11), in this run. */
export function runNativeWrite(frames: number, reps: number, dir: string): NativeWrite {
  const out = join(dir, 'h5write.json');
  const r = spawnSync(
    PYTHON,
    [H5WRITE_SCRIPT, '--reps', String(reps), '--frames', String(frames), '--sizes', '4M', '--none-sizes', '--dir', join(dir, 'native-h5'), '--out', out],
    { env: { ...process.env, OMP_NUM_THREADS: '1' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 3_600_000 },
  );
  process.stderr.write(r.stdout ?? '');
  if (r.status !== 0) throw new Error(`${H5WRITE_SCRIPT} exited with ${r.status}: ${r.stderr}`);
  const parsed = JSON.parse(readFileSync(out, 'utf8')) as Record<string, { mean_chunk_bytes: number; modes: Record<string, NativeWriteMode> }>;
  const m = parsed['4M']!;
  return { directInloop: m.modes['direct_inloop']!, filter: m.modes['filter']!, directPrecomp: m.modes['direct_precomp']!, meanChunkBytes: m.mean_chunk_bytes };
}

/** h5py on the dataset our writer made, one thread: MB/s medians. */
export interface NativeRead {
  /** read_direct_chunk of every `step`-th frame → write_direct_chunk into a new file; MB/s of stored bytes. */
  readonly copyMbps: number;
  readonly copyStoredBytes: number;
  readonly copyFrames: number;
  /** read_direct_chunk + bitshuffle.decompress_lz4 of every frame; MB/s of pixels. */
  readonly directMbps: number;
  /** ds[i] through HDF5 filter 32008; MB/s of pixels. */
  readonly filterMbps: number;
}

// One thread of h5py doing what our pass-through and read + decode pipelines do, on the same files.
const READ_SCRIPT = String.raw`
import glob, json, os, statistics, struct, sys, time
import numpy as np, h5py, hdf5plugin, bitshuffle
data_glob, step, reps, out_path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
files = sorted(glob.glob(data_glob))
if not files: sys.exit("no data files match " + data_glob)

def frames_in(name):
    with h5py.File(name, "r") as f:
        return f["/entry/data/data"].shape[0]
kept = (sum(frames_in(x) for x in files) + step - 1) // step

def copy():
    t = time.perf_counter(); stored = 0; n = 0; k = 0
    with h5py.File(out_path, "w") as dst:
        out = None
        for name in files:
            with h5py.File(name, "r") as f:
                ds = f["/entry/data/data"]
                if out is None:
                    out = dst.create_dataset("/entry/data/data", shape=(kept,) + ds.shape[1:], maxshape=(None,) + ds.shape[1:],
                                             dtype=ds.dtype, chunks=(1,) + ds.shape[1:], **hdf5plugin.Bitshuffle(nelems=0, cname="lz4"))
                for i in range(ds.shape[0]):
                    if k % step == 0:
                        mask, chunk = ds.id.read_direct_chunk((i, 0, 0))
                        out.id.write_direct_chunk((n, 0, 0), chunk, mask)
                        stored += len(chunk); n += 1
                    k += 1
    dt = time.perf_counter() - t
    os.remove(out_path)
    return dt, stored, n

def read(direct):
    t = time.perf_counter(); pixels = 0
    for name in files:
        with h5py.File(name, "r") as f:
            ds = f["/entry/data/data"]
            shape = ds.shape[1:]
            for i in range(ds.shape[0]):
                if direct:
                    _, chunk = ds.id.read_direct_chunk((i, 0, 0))
                    block = struct.unpack(">I", chunk[8:12])[0] // ds.dtype.itemsize
                    frame = bitshuffle.decompress_lz4(np.frombuffer(chunk, np.uint8, offset=12), shape, ds.dtype, block)
                else:
                    frame = ds[i]
                pixels += frame.nbytes
    return time.perf_counter() - t, pixels

copies = [copy() for _ in range(reps)]
direct = [read(True) for _ in range(reps)]
filt = [read(False) for _ in range(reps)]
med = lambda runs: statistics.median(r[0] for r in runs)
print(json.dumps({
    "copyMbps": copies[0][1] / med(copies) / 1e6, "copyStoredBytes": copies[0][1], "copyFrames": copies[0][2],
    "directMbps": direct[0][1] / med(direct) / 1e6, "filterMbps": filt[0][1] / med(filt) / 1e6,
}))
`;

/**
 * h5py (one thread) on the data files of our dataset: the pass-through copy of every `step`-th
 * frame by direct chunk read + write, and read + decode both ways (direct chunk + bitshuffle, and
 * the HDF5 filter). Timed here, in this run, on exactly the files our pipelines read.
 */
export function runNativeRead(dataGlob: string, step: number, reps: number, dir: string): NativeRead {
  const r = spawnSync(PYTHON, ['-', dataGlob, String(step), String(reps), join(dir, 'native-copy.h5')], {
    input: READ_SCRIPT,
    env: { ...process.env, OMP_NUM_THREADS: '1' },
    encoding: 'utf8',
    timeout: 3_600_000,
  });
  if (r.status !== 0) throw new Error(`the h5py read baseline exited with ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as NativeRead;
}
