import type { CodecStage, HostContext, JsonObject } from '@beamstack/contract';
import { bslz4Codec } from '@beamstack/codec-bslz4';
import { eigerSource } from '@beamstack/source-eiger';
import type { Series } from './simulated.js';

const quiet = (): void => undefined;
const codec = bslz4Codec as unknown as CodecStage;

/** A host context whose codec catalog knows bslz4 (how the eiger source maps filter 32008). */
function context(): HostContext {
  return {
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
    baseDir: '/',
    signal: new AbortController().signal,
    codecs: {
      get: (id) => (id === codec.id ? codec : undefined),
      list: () => [codec],
      fromHdf5Filters: (filters, dtype) => {
        const params = codec.hdf5?.paramsFromFilters(filters, dtype);
        return params ? { codec, params: params as JsonObject } : undefined;
      },
    },
    warn: quiet,
  };
}

/** A real DECTRIS data file read as a lone data file and decoded with the bslz4 codec plugin. */
export async function dectrisSeries(path: string): Promise<Series> {
  const session = await eigerSource.open({ path, verify: false }, context());
  try {
    const { meta } = session;
    const frames = [];
    for (let i = 0; i < meta.frameCount; i++) {
      const frame = await session.read!(i);
      const encoded = frame.encoded!;
      frames.push(codec.decode(encoded.bytes, { shape: meta.shape, dtype: meta.dtype }, { options: encoded.params }));
    }
    return { meta, frames };
  } finally {
    await session.close?.();
  }
}
