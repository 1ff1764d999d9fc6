import type { DatasetMeta, Frame, JsonObject, PixelArray, SourceStage, TransformStage } from '@beamstack/contract';
import { testHostContext } from '@beamstack/testkit';
import { stageOptions } from '../stage-options.js';
import { loadRegistry } from '@beamstack/host';
import type { Reporter } from '../report.js';
import type { SuiteOptions } from '../suite.js';

/** The target for both transforms: MB/s of input pixels per core. */
const TARGET_MBPS = 2000;
const SIM = { detector: 'eiger-4m', seed: 1 } as const;
/** Distinct frames rendered once; longer windows cycle through them. */
const RENDERED = 4;

interface TransformCase {
  readonly name: string;
  readonly stage: 'sum' | 'bin';
  readonly options: JsonObject;
}

const CASES: readonly TransformCase[] = [
  { name: 'sum N=2', stage: 'sum', options: { frames: 2 } },
  { name: 'sum N=4', stage: 'sum', options: { frames: 4 } },
  { name: 'sum N=10', stage: 'sum', options: { frames: 10 } },
  { name: 'sum N=2 clip', stage: 'sum', options: { frames: 2, overflow: 'clip' } },
  { name: 'bin 2x2 sum', stage: 'bin', options: { factor: 2 } },
  { name: 'bin 2x2 mean', stage: 'bin', options: { factor: 2, mode: 'mean' } },
  { name: 'bin 2x2 sum mask-aware', stage: 'bin', options: { factor: 2, maskAware: true } },
  { name: 'bin 3x3 sum pad', stage: 'bin', options: { factor: 3, edges: 'pad' } },
  { name: 'bin 4x4 sum', stage: 'bin', options: { factor: 4 } },
];

const context = testHostContext();

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * `sum` and `bin` single-threaded on this thread, on realistic 4M uint32 frames rendered once by
 * the `simulate` source (outside the timing). Each timed call gets fresh copies of its input
 * frames (made untimed): the stage may write its result over the first frame, as the host hands
 * frames over for good. Speed is MB/s of *input* pixels on one core: bytes in / wall time of the
 * call (median of --reps, default 7, after three untimed calls), as in the codecs suite.
 * `cpu_per_wall` (process CPU s per wall s over the timed calls) well below 1 means other load
 * took the core and the MB/s understate the stage; above 1, V8's helper threads (GC freeing the
 * previous inputs) ran alongside. `cpu_mbps` is the same bytes over process CPU time.
 */
export async function sumBinCases(report: Reporter, options: SuiteOptions): Promise<void> {
  const reps = options.reps ?? 7;
  const registry = await loadRegistry({ envPath: '' });
  const simulate = registry.find('simulate')?.stage as SourceStage | undefined;
  const stages = { sum: registry.find('sum')?.stage as TransformStage | undefined, bin: registry.find('bin')?.stage as TransformStage | undefined };
  if (!simulate || !stages.sum || !stages.bin) throw new Error("the 'simulate' source and the 'sum' and 'bin' transforms must be available");

  process.stderr.write(`rendering ${RENDERED} ${SIM.detector} frames (simulate seed ${SIM.seed}) ...\n`);
  const simOptions = stageOptions(simulate, { ...SIM, frames: 100 });
  const session = await simulate.open(simOptions, context);
  const meta: DatasetMeta = session.meta;
  const frames: PixelArray[] = Array.from({ length: RENDERED }, (_, i) => simulate.render!(i, { options: simOptions, meta }).pixels!);
  await session.close?.();
  report.note(`frames: simulate ${SIM.detector} seed ${SIM.seed}, ${meta.shape[0]}x${meta.shape[1]} ${meta.dtype}, ${(frames[0]!.byteLength / 1e6).toFixed(1)} MB each`);

  let met = 0;
  for (const c of CASES) {
    const stage = stages[c.stage]!;
    const resolved = stageOptions(stage, c.options);
    const output = stage.mapMeta(meta, { options: resolved });
    const n = stage.window?.(meta, { options: resolved }) ?? 1;
    const window = (): Frame[] =>
      Array.from({ length: n }, (_, k) => ({ index: k, shape: meta.shape, dtype: meta.dtype, pixels: frames[k % RENDERED]!.slice() }));
    const call = (input: Frame[]): Frame | null => stage.apply!(input, { options: resolved, input: meta, output, complete: true });
    // Untimed calls first: V8 optimises a hot loop on the first call only on-stack; the later
    // calls get the fully optimised function.
    for (let w = 0; w < 3; w++) call(window());
    const cpu: number[] = [];
    const wall: number[] = [];
    for (let r = 0; r < reps; r++) {
      const input = window();
      const cpuStart = process.cpuUsage();
      const wallStart = process.hrtime.bigint();
      call(input);
      wall.push(Number(process.hrtime.bigint() - wallStart) / 1e6);
      const used = process.cpuUsage(cpuStart);
      cpu.push((used.user + used.system) / 1000);
    }
    const bytes = n * frames[0]!.byteLength;
    const mbps = bytes / 1e6 / (median(wall) / 1000);
    const ok = mbps >= TARGET_MBPS;
    if (ok) met++;
    report.add({
      suite: 'transforms',
      case: c.name,
      mbps,
      cpu_mbps: bytes / 1e6 / (median(cpu) / 1000),
      cpu_per_wall: cpu.reduce((a, b) => a + b, 0) / wall.reduce((a, b) => a + b, 0),
      output: `${output.shape[0]}x${output.shape[1]} ${output.dtype}`,
      target_mbps: TARGET_MBPS,
      met: ok ? 'yes' : 'no',
    });
  }
  report.note(`${met} of ${CASES.length} sum/bin cases at or above ${TARGET_MBPS} MB/s of input pixels per core`);
}
