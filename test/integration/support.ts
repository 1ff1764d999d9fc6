import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatasetMeta, Frame, PixelArray, SourceStage } from '@beamstack/contract';
import { resolveSimulateOptions, simulateSource } from '@beamstack/source-simulate';
import { writeNpy } from '@beamstack/testkit';
import { HostContext } from './host-context.js';

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'beamstack-it-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

const simulate = simulateSource as unknown as SourceStage;

/**
 * Renders the simulated frames directly (no pipeline), optionally through a pixel function, and
 * writes them as the .npy the oracle compares with: an independent expectation.
 */
export async function expectedSimulated(
  path: string,
  options: Record<string, unknown>,
  map: (pixels: PixelArray, meta: DatasetMeta) => PixelArray = (p) => p,
): Promise<DatasetMeta> {
  const full = { ...resolveSimulateOptions(options) };
  const session = await simulate.open(full, HostContext);
  const meta = session.meta;
  const frames = function* (): Generator<PixelArray> {
    for (let i = 0; i < meta.frameCount; i++) {
      const frame: Frame = simulate.render!(i, { options: full, meta });
      yield map(frame.pixels!, meta);
    }
  };
  writeNpy(path, meta.dtype, [meta.frameCount, meta.shape[0], meta.shape[1]], frames());
  return meta;
}
