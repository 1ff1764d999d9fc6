import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { BeamstackHost, type RunSummary } from '@beamstack/host';

const PLUGINS = resolve(import.meta.dirname, '..', '..', 'plugins');

export interface ScalingRun {
  readonly workers: number;
  readonly mbps: number;
  readonly fps: number;
  /** Process CPU seconds per wall second: below ~workers, another load took CPU time. */
  readonly cpuPerWall: number;
  /** MB/s per busy second of the codec step alone (summed over workers). */
  readonly codecMbps: number;
}

/**
 * `frames` repeats of one frame through the real worker pool (render, no copy → codec → a writer
 * that drops them), after a short warm-up run on the same host (threads started, modules and
 * WebAssembly compiled).
 */
export async function poolRun(dir: string, frameFile: string, shape: readonly [number, number], codec: string, workers: number, frames: number): Promise<ScalingRun> {
  const stack = (n: number): string =>
    [
      `plugins: [${join(PLUGINS, 'frames')}, ${join(PLUGINS, 'discard')}]`,
      'stages:',
      '  - use: bench-frame',
      `    with: { file: ${JSON.stringify(frameFile)}, height: ${shape[0]}, width: ${shape[1]}, dtype: uint32, frames: ${n} }`,
      `  - use: ${codec}`,
      '  - use: bench-discard',
      '',
    ].join('\n');
  const host = new BeamstackHost({ workers });
  try {
    const warm = join(dir, `scaling-warm-${workers}.yaml`);
    const timed = join(dir, `scaling-${workers}.yaml`);
    await writeFile(warm, stack(workers * 3));
    await writeFile(timed, stack(frames));
    check(await host.run(await host.prepare(warm), { outDir: join(dir, 'warm') }));
    const prepared = await host.prepare(timed);
    const cpu = process.cpuUsage();
    const summary = check(await host.run(prepared, { outDir: join(dir, 'timed') }));
    const used = process.cpuUsage(cpu);
    const step = summary.stages.find((s) => s.stage === codec && s.kind === 'codec');
    const codecMbps = step && step.busyMs > 0 ? summary.bytes.pixelsIn / 1e6 / (step.busyMs / 1000) : 0;
    return { workers, mbps: summary.mbps, fps: summary.framesPerSecond, cpuPerWall: (used.user + used.system) / 1000 / summary.durationMs, codecMbps };
  } finally {
    await host.close();
  }
}

function check(summary: RunSummary): RunSummary {
  if (!summary.ok) throw new Error(`scaling run failed: ${summary.error?.code} ${summary.error?.message}`);
  return summary;
}
