import type { DatasetMeta, PixelArray } from '@beamstack/contract';
import { resolveSimulateOptions, simulateSource } from '@beamstack/source-simulate';
import { openRendered } from '@beamstack/testkit';

/** Frames of the `simulate` source rendered directly, without the host: an independent expectation. */
export async function simulatedFrames(options: Record<string, unknown>): Promise<{ meta: DatasetMeta; frames: PixelArray[] }> {
  const { meta, render } = await openRendered(simulateSource, resolveSimulateOptions(options));
  return { meta, frames: Array.from({ length: meta.frameCount }, (_, i) => render(i)) };
}
