import { join, resolve } from 'node:path';
import type { JsonObject } from '@beamstack/contract';
import { BeamstackHost, type RunSummary } from '@beamstack/host';

const PLUGINS = resolve(import.meta.dirname, '..', '..', 'plugins');

export interface PoolRun {
  readonly workers: number;
  readonly mbps: number;
  readonly fps: number;
  readonly cpuPerWall: number;
}

/** A write run (frames → cbf-series) and a read run (cbf → drop) through the real pool. */
export async function cbfPoolRuns(dir: string, frameFile: string, shape: readonly [number, number], workers: number, frames: number): Promise<{ write: PoolRun; read: PoolRun }> {
  const host = new BeamstackHost({ workers });
  const stages = {
    write: (n: number): { use: string; with: JsonObject }[] => [
      { use: 'bench-frame', with: { file: frameFile, height: shape[0], width: shape[1], dtype: 'uint32', frames: n } },
      { use: 'cbf-series', with: { prefix: 'b' } },
    ],
    read: (from: string): { use: string; with: JsonObject }[] => [{ use: 'cbf', with: { path: join(from, 'b_*.cbf') } }, { use: 'bench-discard', with: {} }],
  };
  const run = async (name: string, list: { use: string; with: JsonObject }[]): Promise<{ summary: RunSummary; cpuPerWall: number }> => {
    const file = { label: name, dir, name, description: name, plugins: [join(PLUGINS, 'frames'), join(PLUGINS, 'discard')], workers: null, stages: list };
    const prepared = await host.prepare(file);
    const cpu = process.cpuUsage();
    const summary = await host.run(prepared, { outDir: join(dir, name) });
    const used = process.cpuUsage(cpu);
    if (!summary.ok) throw new Error(`${name} failed: ${summary.error?.code} ${summary.error?.message}`);
    return { summary, cpuPerWall: (used.user + used.system) / 1000 / summary.durationMs };
  };
  try {
    // Warm-up on the same host: threads started, modules compiled, files in the page cache.
    await run(`warm-w${workers}`, stages.write(workers * 3));
    await run(`warm-r${workers}`, stages.read(join(dir, `warm-w${workers}`)));
    const w = await run(`write-${workers}`, stages.write(frames));
    const r = await run(`read-${workers}`, stages.read(join(dir, `write-${workers}`)));
    const as = (x: { summary: RunSummary; cpuPerWall: number }): PoolRun => ({ workers, mbps: x.summary.mbps, fps: x.summary.framesPerSecond, cpuPerWall: x.cpuPerWall });
    return { write: as(w), read: as(r) };
  } finally {
    await host.close();
  }
}
