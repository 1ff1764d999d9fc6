import { definePlugin } from '@beamstack/contract';
import { lz4Codec } from './codec.js';

export { lz4Codec, MAX_BLOCK_BYTES } from './codec.js';
export { lz4Hdf5, LZ4_FILTER_ID, LZ4_FILTER_NAME, type Lz4Params } from './hdf5.js';
export { encodeLz4Chunk } from './chunk-encode.js';
export { decodeLz4Chunk, readLz4Header, Lz4ChunkFormatError, type Lz4ChunkHeader } from './chunk-decode.js';
export { DEFAULT_BLOCK_BYTES, effectiveBlockBytes } from './layout.js';

export default definePlugin({ stages: [lz4Codec] });
