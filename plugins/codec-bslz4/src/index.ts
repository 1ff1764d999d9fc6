import { definePlugin } from '@beamstack/contract';
import { bslz4Codec } from './codec.js';

export { bslz4Codec, MAX_BLOCK_ELEMS, resolveBlockElems } from './codec.js';
export { bslz4Hdf5, BITSHUFFLE_FILTER_ID, BITSHUFFLE_FILTER_NAME, type BlockSizeParams } from './hdf5.js';
export { bslz4ChunkBound } from './chunk-encode.js';
export { readBslz4Header, Bslz4AllocationError, Bslz4FormatError } from './chunk-decode.js';
export {
  bslz4Kernel,
  bslz4WasmUnavailable,
  decodeBslz4Chunk,
  encodeBslz4Chunk,
  typescriptKernel,
  wasmKernel,
  type Bslz4Kernel,
} from './kernel.js';
export { bitshuffleBlock, bitunshuffleBlock } from './transpose.js';
export { defaultBlockElems, blockElemsAt } from './layout.js';

export default definePlugin({ stages: [bslz4Codec] });
