import type { DatasetMeta, HostContext, PixelArray, SourceStage } from '@beamstack/contract';
import { resolveSimulateOptions, simulateSource } from '@beamstack/source-simulate';

const quiet = (): void => undefined;

/** A main-thread context for calling a source's open() directly. */
export const quietHostContext: HostContext = {
  log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
  baseDir: process.cwd(),
  signal: new AbortController().signal,
  codecs: { get: () => undefined, list: () => [], fromHdf5Filters: () => undefined },
  warn: quiet,
};

/** Frames of the `simulate` source rendered directly, without the host: an independent expectation. */
export async function simulatedFrames(options: Record<string, unknown>): Promise<{ meta: DatasetMeta; frames: PixelArray[] }> {
  const simulate = simulateSource as unknown as SourceStage;
  const full = { ...resolveSimulateOptions(options) };
  const { meta } = await simulate.open(full, quietHostContext);
  const frames = Array.from({ length: meta.frameCount }, (_, i) => simulate.render!(i, { options: full, meta }).pixels!);
  return { meta, frames };
}
