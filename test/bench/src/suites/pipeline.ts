import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BeamstackHost, type RunSummary } from '@beamstack/host';
import type { Reporter } from '../report.js';
import type { SuiteOptions } from '../suite.js';

const PLUGINS = resolve(import.meta.dirname, '..', '..', 'plugins');

/**
 * Runs a stack `reps` times on one host after a warm-up run (worker start-up, module loading and
 * per-thread caches are not timed) and returns the median run.
 */
async function measure(dir: string, name: string, yaml: (frames: number) => string, frames: number, workers: number, reps: number): Promise<RunSummary> {
  const host = new BeamstackHost({ workers });
  try {
    const runs: RunSummary[] = [];
    for (let i = 0; i <= reps; i++) {
      const path = join(dir, `${name}-${workers}-${i}.yaml`);
      await writeFile(path, yaml(i === 0 ? workers * 2 : frames));
      const summary = await host.run(await host.prepare(path), { outDir: join(dir, `out-${name}-${workers}-${i}`) });
      if (!summary.ok) throw new Error(`bench stack ${name} failed: ${summary.error?.code} ${summary.error?.message}`);
      if (i > 0) runs.push(summary);
      await rm(join(dir, `out-${name}-${workers}-${i}`), { recursive: true, force: true });
    }
    return runs.sort((a, b) => a.durationMs - b.durationMs)[Math.floor(runs.length / 2)]!;
  } finally {
    await host.close();
  }
}

/**
 * The default stack (simulated Eiger 4M → bslz4 → NXmx) with 1 and 2 workers, and the runner's
 * own cost per frame measured with tiny frames through no-op stages.
 */
export async function pipelineSuite(report: Reporter, options: SuiteOptions): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'beamstack-bench-'));
  try {
    const frames = options.frames ?? 40;
    const stack = (n: number): string =>
      `stages:\n  - use: simulate\n    with: { detector: eiger-4m, frames: ${n}, seed: 1 }\n  - use: bslz4\n  - use: nxmx\n    with: { prefix: bench }\n`;
    const measured: number[] = [];
    for (const workers of [1, 2]) {
      const s = await measure(dir, 'default', stack, frames, workers, 3);
      const data = s.outputs.filter((o) => o.role === 'data').reduce((n, o) => n + o.bytes, 0);
      measured.push(s.framesPerSecond);
      report.add({
        suite: 'pipeline',
        case: `default-4m ${workers} worker${workers > 1 ? 's' : ''}`,
        mbps: s.mbps,
        fps: s.framesPerSecond,
        frames: s.frames.out,
        compression: s.bytes.pixelsIn / data,
      });
    }
    report.add({ suite: 'pipeline', case: 'default-4m scaling 2 workers / 1 worker', mbps: 0, scaling: measured[1]! / measured[0]! });

    const tiny = (options.frames ?? 40) * 250;
    const chain = (transforms: number) => (n: number): string =>
      `plugins: [${join(PLUGINS, 'noop')}, ${join(PLUGINS, 'discard')}]\nstages:\n  - use: bench-tiny\n    with: { frames: ${n} }\n` +
      '  - use: bench-noop\n'.repeat(transforms) +
      '  - use: bench-discard\n';
    const base = await measure(dir, 'noop0', chain(0), tiny, 1, 3);
    const ten = await measure(dir, 'noop10', chain(10), tiny, 1, 3);
    report.add({
      suite: 'pipeline',
      case: 'runner overhead (4x4 frames, 1 worker)',
      mbps: base.mbps,
      us_per_frame: (base.durationMs * 1000) / tiny,
      us_per_noop_step: ((ten.durationMs - base.durationMs) * 1000) / (tiny * 10),
      fps: base.framesPerSecond,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
