import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FramePool, PipelineRunner, TOKENS, createContainer, prepareStack, readStackFile } from '@beamstack/host';
import type { Reporter } from '../report.js';
import type { SuiteOptions } from '../suite.js';
import { roiMaskCases } from './transforms-roi-mask.js';
import { sumBinCases } from './transforms-sum-bin.js';

const PLUGINS = resolve(import.meta.dirname, '..', '..', 'plugins');

/** Counts pool tasks, so the chain bench can show one task per frame for the whole chain. */
class CountingPool extends FramePool {
  tasks = 0;
  override run(...args: Parameters<FramePool['run']>): ReturnType<FramePool['run']> {
    this.tasks += 1;
    return super.run(...args);
  }
}

/**
 * Each transform alone (MB/s of input pixels per core on 4M uint32 frames), then a chain of them
 * through the real pool: mask → roi → bin → sum runs inside one worker task per output frame, so
 * frames cross threads once however long the chain is.
 */
export async function transformsSuite(report: Reporter, options: SuiteOptions): Promise<void> {
  await sumBinCases(report, options);
  await roiMaskCases(report, options);
  await chainCase(report, options);
}

async function chainCase(report: Reporter, options: SuiteOptions): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'beamstack-bench-chain-'));
  const frames = options.frames ?? 40;
  const stack = (n: number, chain: string): string =>
    `plugins: [${join(PLUGINS, 'discard')}]\nstages:\n  - use: simulate\n    with: { detector: eiger-4m, frames: ${n}, seed: 1 }\n${chain}  - use: bench-discard\n`;
  const chains: Record<string, string> = {
    'source only': '',
    'mask → roi → bin 2 → sum 2': '  - use: mask\n  - use: roi\n    with: { rect: [10, 10, 2000, 2100] }\n  - use: bin\n    with: { factor: 2 }\n  - use: sum\n    with: { frames: 2 }\n',
  };
  try {
    const times: Record<string, number> = {};
    for (const [name, chain] of Object.entries(chains)) {
      const container = createContainer({ workers: 1 });
      const pool = new CountingPool({ workers: 1 });
      container.registerInstance(TOKENS.Pool, pool);
      const runner = container.resolve(PipelineRunner);
      const path = join(dir, `${Object.keys(times).length}.yaml`);
      await writeFile(path, stack(2, chain));
      await runner.run(await prepareStack(await readStackFile(path)), { outDir: dir }); // warm-up
      await writeFile(path, stack(frames, chain));
      pool.tasks = 0;
      const summary = await runner.run(await prepareStack(await readStackFile(path)), { outDir: dir });
      await pool.destroy();
      if (!summary.ok) throw new Error(`chain bench failed: ${summary.error?.message}`);
      times[name] = summary.durationMs;
      const chainBusy = summary.stages.filter((s) => s.kind === 'transform').reduce((n, s) => n + s.busyMs, 0);
      report.add({
        suite: 'transforms',
        case: `chain in the pool, 1 worker: ${name}`,
        mbps: summary.mbps,
        frames_in: summary.frames.in,
        frames_out: summary.frames.out,
        pool_tasks: pool.tasks,
        tasks_per_output_frame: pool.tasks / summary.frames.out,
        transform_ms_per_input_frame: chainBusy / summary.frames.in,
      });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
