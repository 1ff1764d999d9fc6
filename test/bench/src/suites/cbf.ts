import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pixelBytes, type SourceStage } from '@beamstack/contract';
import { loadRegistry } from '@beamstack/host';
import { testMeta } from '@beamstack/testkit';
import { fabioUnavailable, runFabio, type FabioCbf } from '../cbf/fabio.js';
import { cbfPoolRuns } from '../cbf/pool.js';
import { singleThread } from '../cbf/single.js';
import { renderFrame } from '../codecs/simulated.js';
import { TargetBoard } from '../codecs/targets.js';
import type { Reporter } from '../report.js';
import type { SuiteOptions } from '../suite.js';

const SHAPE = [2167, 2070] as const;
const SATURATION = 2_000_000;

/**
 * miniCBF write and read of a simulated Eiger 4M frame: single-threaded (one core: the whole
 * per-frame path of the cbf-series writer and the cbf source) next to fabio timed in the same run,
 * then through the real pool with 1 and 2 workers (write: frames → cbf-series; read: cbf → drop).
 * MB/s of uncompressed pixels (4 bytes per pixel, 10^6 B).
 */
export async function cbfSuite(report: Reporter, options: SuiteOptions): Promise<void> {
  const reps = options.reps ?? 7;
  const frames = options.frames ?? 60;
  const dir = await mkdtemp(join(tmpdir(), 'beamstack-bench-cbf-'));
  const targets = new TargetBoard();
  try {
    const registry = await loadRegistry({ envPath: '' });
    const simulate = registry.find('simulate')?.stage as SourceStage | undefined;
    if (!simulate) throw new Error("the 'simulate' source is not available");
    process.stderr.write('rendering the 4M frame (simulate eiger-4m, seed 1, frame 5) ...\n');
    const pixels = (await renderFrame(simulate, { detector: 'eiger-4m', seed: 1 }, 5)) as Uint32Array;
    const raw = join(dir, 'frame-u32.raw');
    await writeFile(raw, pixelBytes(pixels));
    // The same frame as the CBF values our writer stores (no mask known: 2^32 − 1 → −1), for fabio.
    const int32 = Int32Array.from(pixels, (v) => (v === 0xffffffff ? -1 : v > 0x7fffffff ? SATURATION + 1 : v));
    const rawInt32 = join(dir, 'frame-i32.raw');
    await writeFile(rawInt32, pixelBytes(int32));
    report.note(`frame: simulate eiger-4m seed 1 frame 5, ${SHAPE[1]}x${SHAPE[0]} uint32 (${(pixels.byteLength / 1e6).toFixed(1)} MB), no mask (2^32 - 1 → -1)`);

    let fabio: FabioCbf | null = null;
    const why = options.native === false ? 'disabled with --no-native' : fabioUnavailable();
    if (why) report.note(`*** FABIO BASELINE SKIPPED (${why}): no native_mbps / ratio ***`);
    else {
      process.stderr.write(`fabio: CbfImage.write / fabio.open, ${reps} reps ...\n`);
      fabio = runFabio(rawInt32, SHAPE, reps, dir);
      report.note(`native: fabio ${fabio.fabio} CbfImage.write / fabio.open(...).data on the same int32 frame, one thread, median of ${reps}`);
    }

    const meta = { ...testMeta({ shape: SHAPE, dtype: 'uint32', frameCount: 1 }), detector: { ...testMeta({ shape: SHAPE }).detector, saturationValue: SATURATION } };
    process.stderr.write(`single thread: cbf-series prepare + write, cbf read + decode, ${reps} reps ...\n`);
    const one = await singleThread(registry, pixels, meta, reps, dir);
    const ratio = (mbps: number, native: number | undefined): { native_mbps?: number; ratio?: number } => (native ? { native_mbps: native, ratio: mbps / native } : {});
    report.add({ suite: 'cbf', case: 'write 4M per core (prepare + file, 1 thread)', mbps: one.writeMbps, ...ratio(one.writeMbps, fabio?.write_MBps), prepare_mbps: one.prepareMbps, file_bytes: one.fileBytes });
    report.add({ suite: 'cbf', case: 'read 4M per core (file + parse + MD5 + decode, 1 thread)', mbps: one.readMbps, ...ratio(one.readMbps, fabio?.read_MBps), decode_mbps: one.decodeMbps });

    const runs = [];
    for (const workers of [1, 2]) {
      process.stderr.write(`pool: ${frames} frames written and read with ${workers} worker(s) ...\n`);
      const r = await cbfPoolRuns(dir, raw, SHAPE, workers, frames);
      runs.push(r);
      report.add({ suite: 'cbf', case: `write 4M pool ${workers} worker${workers > 1 ? 's' : ''}`, mbps: r.write.mbps, fps: r.write.fps, cpu_per_wall: r.write.cpuPerWall, frames });
      report.add({ suite: 'cbf', case: `read 4M pool ${workers} worker${workers > 1 ? 's' : ''}`, mbps: r.read.mbps, fps: r.read.fps, cpu_per_wall: r.read.cpuPerWall, frames });
    }
    for (const what of ['write', 'read'] as const) {
      const scaling = runs[1]![what].mbps / runs[0]![what].mbps;
      report.add({ suite: 'cbf', case: `${what} 4M pool scaling 2 workers / 1 worker`, mbps: runs[1]![what].mbps, scaling, cpu_per_wall: runs[1]![what].cpuPerWall });
      targets.check(`cbf ${what} pool scaling 4M (2 workers / 1)`, scaling, 1.8, 'x');
      if (runs[1]![what].cpuPerWall < 1.8) report.note(`note: the 2-worker ${what} run used ${runs[1]![what].cpuPerWall.toFixed(2)} CPU-s per s: other load took CPU time, so the scaling is understated`);
    }
    targets.print(report);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
