import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pixelBytes, type CodecStage, type FrameInfo, type PixelArray, type SourceStage } from '@beamstack/contract';
import { loadRegistry } from '@beamstack/host';
import { benchCases, type BenchCase } from '../codecs/cases.js';
import { byteShuffle, measureCodec, measureZlib } from '../codecs/measure.js';
import { nativeUnavailable, oracleFrame, runNative, type NativeResults } from '../codecs/native.js';
import { poolRun } from '../codecs/scaling.js';
import { renderFrame } from '../codecs/simulated.js';
import { TargetBoard } from '../codecs/targets.js';
import type { BenchRecord, Reporter } from '../report.js';
import type { SuiteOptions } from '../suite.js';

const DETECTORS: Readonly<Record<string, string>> = { '4M': 'eiger-4m', '16M': 'eiger-16m' };
const SHAPES: Readonly<Record<string, readonly [number, number]>> = { '4M': [2167, 2070], '16M': [4371, 4150] };
const SIM = { seed: 1, index: 5 };

interface Frame {
  readonly size: string;
  readonly source: string;
  readonly pixels: Uint32Array;
}

/**
 * Every registered codec, single-threaded, on realistic 4M and 16M uint32 frames: encode and
 * decode MB/s of uncompressed pixels (median of the reps) and compression, next to the native
 * baseline (bench_codecs.py) measured in the same run; then bslz4 through the worker pool with 1
 * and 2 workers; then which targets are met.
 */
export async function codecsSuite(report: Reporter, options: SuiteOptions): Promise<void> {
  const sizes = options.sizes ?? ['4M', '16M'];
  const unknownSize = sizes.find((s) => !DETECTORS[s]);
  if (unknownSize) throw new Error(`unknown size '${unknownSize}' (known: ${Object.keys(DETECTORS).join(', ')})`);
  const reps = options.reps ?? 7;
  const dir = await mkdtemp(join(tmpdir(), 'beamstack-bench-codecs-'));
  const targets = new TargetBoard();
  try {
    const registry = await loadRegistry({ envPath: '' });
    const codecs = registry.stages('codec').map((e) => e.stage as CodecStage);
    const simulate = registry.find('simulate')?.stage as SourceStage | undefined;
    if (!simulate) throw new Error("the 'simulate' source is not available");

    // Native first, while nothing else of ours runs.
    let native: NativeResults | null = null;
    const why = options.native === false ? 'disabled with --no-native' : nativeUnavailable();
    if (why) {
      const loud = `*** NATIVE BASELINES SKIPPED (${why}): no native_mbps / ratio columns ***`;
      report.note(loud);
      process.stderr.write(`${loud}\n`);
    } else {
      process.stderr.write(`native baselines: OMP_NUM_THREADS=1 bench_codecs.py --reps ${reps} --sizes ${sizes.join(' ')} ...\n`);
      native = runNative(sizes, reps, join(dir, 'native.json'));
    }

    const frames: Frame[] = [];
    for (const size of sizes) {
      process.stderr.write(`rendering the ${size} frame (simulate ${DETECTORS[size]}, seed ${SIM.seed}, frame ${SIM.index}) ...\n`);
      frames.push({ size, source: `simulate ${DETECTORS[size]} seed ${SIM.seed} frame ${SIM.index}`, pixels: (await renderFrame(simulate, { detector: DETECTORS[size]!, seed: SIM.seed }, SIM.index)) as Uint32Array });
      if (options.oracleFrames && native) {
        const [h, w] = SHAPES[size]!;
        frames.push({ size, source: 'oracle synth seed 7 frame 5', pixels: oracleFrame(size, h, w, join(dir, `oracle-${size}.bin`)) });
      }
    }
    report.note(`ours: ${[...new Set(frames.map((f) => f.source))].join('; ')} (uint32; int32 with masked = -1 for byte-offset)`);
    if (native) report.note(`native: ${native.frames}, OMP_NUM_THREADS=1, median of ${native.reps}`);

    for (const codec of codecs) {
      for (const c of benchCases(codec)) {
        for (const frame of frames) measureCase(report, targets, c, frame, native, reps);
      }
    }

    const bslz4 = codecs.find((c) => c.id === 'bslz4');
    const big = frames.find((f) => f.size === '4M' && f.source.startsWith('simulate')) ?? frames[0];
    if (bslz4 && big) {
      const file = join(dir, 'pool-frame.bin');
      await writeFile(file, pixelBytes(big.pixels));
      const n = options.frames ?? 80;
      const shape = SHAPES[big.size]!;
      const runs = [];
      for (const workers of [1, 2]) {
        process.stderr.write(`pool: bslz4 encode of ${n} ${big.size} frames with ${workers} worker(s) ...\n`);
        const r = await poolRun(dir, file, shape, 'bslz4', workers, n);
        runs.push(r);
        report.add({ suite: 'codecs', case: `bslz4 encode ${big.size} pool ${workers} worker${workers > 1 ? 's' : ''}`, mbps: r.mbps, fps: r.fps, codec_mbps: r.codecMbps, cpu_per_wall: r.cpuPerWall, frames: n });
      }
      const scaling = runs[1]!.mbps / runs[0]!.mbps;
      report.add({ suite: 'codecs', case: `bslz4 encode ${big.size} pool scaling 2 workers / 1 worker`, mbps: runs[1]!.mbps, scaling, cpu_per_wall: runs[1]!.cpuPerWall });
      if (runs[1]!.cpuPerWall < 1.8) report.note(`note: the 2-worker run used ${runs[1]!.cpuPerWall.toFixed(2)} CPU-s per s: other load took CPU time, so the scaling is understated`);
      targets.check(`pool scaling bslz4 ${big.size} (2 workers / 1)`, scaling, 1.8, 'x');
    }
    targets.print(report);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function asDType(frame: Frame, dtype: 'uint32' | 'int32'): PixelArray {
  if (dtype === 'uint32') return frame.pixels;
  // Eiger → CBF convention: masked (2^32 − 1) becomes −1, counts stay (they fit in int32).
  return new Int32Array(frame.pixels.buffer, frame.pixels.byteOffset, frame.pixels.length);
}

function measureCase(report: Reporter, targets: TargetBoard, c: BenchCase, frame: Frame, native: NativeResults | null, reps: number): void {
  const pixels = asDType(frame, c.dtype);
  const info: FrameInfo = { shape: SHAPES[frame.size]!, dtype: c.dtype };
  process.stderr.write(`${c.label} ${frame.size} (${frame.source}) ...\n`);
  const m = measureCodec(c.codec, pixels, info, c.params, reps);
  const row = c.native ? native?.rows.get(frame.size)?.get(c.native.row) : undefined;
  const zlib = c.zlib ? measureZlib(c.zlib.shuffle ? byteShuffle(pixelBytes(pixels), 4) : pixelBytes(pixels), c.zlib.level, reps) : undefined;
  const onOracle = frame.source.startsWith('oracle');
  const suffix = `${frame.size}${onOracle ? ' (oracle frame)' : ''}`;
  for (const direction of ['encode', 'decode'] as const) {
    const mbps = direction === 'encode' ? m.encodeMbps : m.decodeMbps;
    const nativeMbps = row ? (direction === 'encode' ? row.compress_MBps : c.native!.decode ? row.decompress_MBps : null) : null;
    const record: BenchRecord = {
      suite: 'codecs',
      case: `${c.label} ${direction} ${suffix}`,
      mbps,
      ...(nativeMbps ? { native_mbps: nativeMbps, ratio: mbps / nativeMbps } : {}),
      compression: m.compression,
      cpu_per_wall: m.cpuPerWall,
      ...(row ? { native_compression: row.ratio, native_row: c.native!.row } : {}),
      ...(zlib ? { zlib_mbps: direction === 'encode' ? zlib.encodeMbps : zlib.decodeMbps, zlib_compression: zlib.compression } : {}),
      params: JSON.stringify(c.params),
      frame: frame.source,
    };
    report.add(record);
    if (onOracle) continue;
    const what = `${c.label} ${direction} ${frame.size}`;
    if (c.codec.id === 'bslz4') targets.check(what, mbps, 1500, 'MB/s');
    if (c.codec.id === 'byte-offset') targets.check(what, mbps, 2000, 'MB/s');
    if (c.codec.id === 'lz4' && nativeMbps) targets.check(`${what} vs native (within 2x)`, mbps / nativeMbps, 0.5, 'x native');
    if (c.codec.id === 'deflate' && zlib) targets.check(`${what} vs node:zlib (same bytes, level ${c.zlib!.level})`, mbps / (direction === 'encode' ? zlib.encodeMbps : zlib.decodeMbps), 0.9, 'x node:zlib');
  }
}
