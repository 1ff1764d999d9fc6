import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatasetMeta, Frame, JsonObject, PixelArray, SourceStage, TransformStage } from '@beamstack/contract';
import { stageOptions } from '../stage-options.js';
import { loadRegistry } from '@beamstack/host';
import { testHostContext, writeNpy } from '@beamstack/testkit';
import { medianMs } from '../codecs/measure.js';
import type { Reporter } from '../report.js';
import type { SuiteOptions } from '../suite.js';

const DETECTORS: Readonly<Record<string, string>> = { '4M': 'eiger-4m', '16M': 'eiger-16m' };
const SIM = { seed: 1, index: 5 };
/** The target for both stages: MB/s of input pixels on one core. */
export const ROI_MASK_TARGET_MBPS = 2000;

export interface TransformTarget {
  readonly case: string;
  readonly mbps: number;
  readonly goal: number;
}

interface Case {
  readonly label: string;
  readonly stage: TransformStage;
  readonly options: JsonObject;
  readonly meta: DatasetMeta;
}

const context = testHostContext();

/** A simulated frame and its description, made once, outside any timing. */
async function simulatedFrame(simulate: SourceStage, detector: string): Promise<{ meta: DatasetMeta; pixels: PixelArray }> {
  const options = stageOptions(simulate, { detector, seed: SIM.seed });
  const session = await simulate.open(options, context);
  const frame = simulate.render!(SIM.index, { options, meta: session.meta });
  await session.close?.();
  return { meta: session.meta, pixels: frame.pixels! };
}

/**
 * roi and mask, single-threaded on this thread, on realistic uint32 frames rendered once by the
 * simulate source: MB/s of *input* pixels per core (median of the reps, after one untimed call
 * that also pays the per-worker set-up, reported as `setup_ms`). mapMeta runs once per run on
 * the main thread and is reported as `map_meta_ms`, not in the MB/s.
 *
 * Cases: roi to a centred half-size rectangle (a copy per row), to whole rows (one copy), to
 * dmin 2.5 Å; mask on data recorded with pixelMaskApplied = false (the detector's gaps and
 * defects), and with a 1 % random user mask merged in.
 */
export async function roiMaskCases(report: Reporter, options: SuiteOptions): Promise<TransformTarget[]> {
  const sizes = options.sizes ?? ['4M'];
  const unknown = sizes.find((s) => !DETECTORS[s]);
  if (unknown) throw new Error(`unknown size '${unknown}' (known: ${Object.keys(DETECTORS).join(', ')})`);
  const reps = options.reps ?? 15;
  const registry = await loadRegistry({ envPath: '' });
  const find = <T>(id: string): T => {
    const stage = registry.find(id)?.stage;
    if (!stage) throw new Error(`stage '${id}' is not available`);
    return stage as T;
  };
  const simulate = find<SourceStage>('simulate');
  const roi = find<TransformStage>('roi');
  const mask = find<TransformStage>('mask');
  const dir = await mkdtemp(join(tmpdir(), 'beamstack-bench-roi-mask-'));
  const targets: TransformTarget[] = [];
  try {
    for (const size of sizes) {
      process.stderr.write(`rendering the ${size} frame (simulate ${DETECTORS[size]}, seed ${SIM.seed}, frame ${SIM.index}) ...\n`);
      const { meta: rendered, pixels } = await simulatedFrame(simulate, DETECTORS[size]!);
      // As recorded by a detector that leaves masked pixels alone: the mask stage has work to do.
      const meta: DatasetMeta = { ...rendered, detector: { ...rendered.detector, pixelMaskApplied: false } };
      const [h, w] = meta.shape;
      const userMask = join(dir, `user-${size}.npy`);
      writeNpy(userMask, 'uint8', [h, w], [randomMask(h * w, 0.01, 7)]);
      const cases: Case[] = [
        { label: `roi rect centre ${w >> 1}x${h >> 1}`, stage: roi, options: { rect: [w >> 2, h >> 2, w >> 1, h >> 1] }, meta },
        { label: `roi rect whole rows ${w}x${h >> 1}`, stage: roi, options: { rect: [0, h >> 2, w, h >> 1] }, meta },
        { label: 'roi dmin 2.5 A', stage: roi, options: { dmin: 2.5 }, meta },
        { label: 'mask apply (detector mask)', stage: mask, options: { apply: true }, meta },
        { label: 'mask apply + 1% user mask', stage: mask, options: { file: userMask, apply: true }, meta },
      ];
      for (const c of cases) {
        const result = measureCase(c, pixels, reps);
        const name = `${c.label} ${size}`;
        report.add({
          suite: 'transforms',
          case: name,
          mbps: result.mbps,
          out_shape: result.outShape,
          setup_ms: result.setupMs,
          map_meta_ms: result.mapMetaMs,
          cpu_per_wall: result.cpuPerWall,
          target_mbps: ROI_MASK_TARGET_MBPS,
          met: result.mbps >= ROI_MASK_TARGET_MBPS ? 'yes' : 'no',
          frame: `simulate ${DETECTORS[size]} seed ${SIM.seed} frame ${SIM.index} uint32`,
        });
        targets.push({ case: name, mbps: result.mbps, goal: ROI_MASK_TARGET_MBPS });
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return targets;
}

interface CaseResult {
  readonly mbps: number;
  readonly outShape: string;
  readonly setupMs: number;
  readonly mapMetaMs: number;
  readonly cpuPerWall: number;
}

function measureCase(c: Case, source: PixelArray, reps: number): CaseResult {
  let started = performance.now();
  const output = c.stage.mapMeta(c.meta, { options: c.options, baseDir: process.cwd() });
  const mapMetaMs = performance.now() - started;
  // The worker gets its own copy of the descriptions (the plan is deserialized once per worker):
  // a structured clone, so per-description caches start cold here too.
  const input = structuredClone(c.meta);
  const out = structuredClone(output);
  // Calls rotate over three copies of the frame (made outside the timing), each larger than the
  // caches, so no call finds its input cached. roi allocates its output as in a worker; mask
  // writes in place, which on an already masked copy is the same work (the same pixels).
  const frames = Array.from({ length: 3 }, () => source.slice());
  let next = 0;
  const call = (): Frame | null => {
    const frame: Frame = { index: 0, shape: c.meta.shape, dtype: c.meta.dtype, pixels: frames[next++ % frames.length]! };
    return c.stage.apply!([frame], { options: c.options, input, output: out, complete: true });
  };
  started = performance.now();
  const first = call();
  const setupMs = performance.now() - started;
  const cpu = process.cpuUsage();
  const wall = process.hrtime.bigint();
  const ms = medianMs(reps, call);
  const used = process.cpuUsage(cpu);
  const cpuPerWall = (used.user + used.system) / 1000 / (Number(process.hrtime.bigint() - wall) / 1e6);
  return { mbps: source.byteLength / 1e6 / (ms / 1000), outShape: first ? first.shape.join('x') : 'dropped', setupMs, mapMetaMs, cpuPerWall };
}

/** 1 with probability `p` per pixel (a fixed xorshift stream, so every run masks the same pixels). */
function randomMask(count: number, p: number, seed: number): Uint8Array {
  const out = new Uint8Array(count);
  let s = seed >>> 0 || 1;
  const threshold = Math.floor(p * 2 ** 32);
  for (let i = 0; i < count; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    if (s >>> 0 < threshold) out[i] = 1;
  }
  return out;
}
