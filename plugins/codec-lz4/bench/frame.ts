import type { CodecCatalog, HostContext, PixelArray } from '@beamstack/contract';
import { resolveSimulateOptions, simulateSource } from '@beamstack/source-simulate';

const quietHost: HostContext = {
  log: { debug() {}, info() {}, warn() {}, error() {} },
  baseDir: process.cwd(),
  signal: new AbortController().signal,
  codecs: { get: () => undefined, list: () => [], fromHdf5Filters: () => undefined } satisfies CodecCatalog,
  warn() {},
};

/** Frame `index` of the default simulated EIGER2 4M series (2167 x 2070), through the stage's own hooks. */
export async function simulatedFrame(dtype: 'uint32' | 'uint16' = 'uint32', index = 5): Promise<PixelArray> {
  const options = resolveSimulateOptions({ detector: 'eiger-4m', dtype, frames: index + 1 });
  const session = await simulateSource.open(options, quietHost);
  const frame = simulateSource.render!(index, { options, meta: session.meta });
  if (!frame.pixels) throw new Error('simulate rendered no pixels');
  return frame.pixels;
}
