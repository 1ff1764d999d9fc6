import { definePlugin } from '@beamstack/contract';
import { deflateCodec } from './codec.js';

export { deflateCodec } from './codec.js';
export {
  deflateHdf5,
  DEFLATE_FILTER_ID,
  SHUFFLE_FILTER_ID,
  DEFAULT_LEVEL,
  MAX_LEVEL,
  ENGINES,
  type DeflateParams,
  type EngineChoice,
} from './hdf5.js';
export { byteShuffle, byteUnshuffle } from './shuffle.js';
export { adler32 } from './adler32.js';
export { checkZlibHeader } from './zlib-format.js';
export { DeflateFormatError } from './errors.js';
export { selectEngine } from './engines.js';
export { nodeZlib, type ZlibModule } from './node-engine.js';
export { fflateEngine } from './fflate-engine.js';
export type { ZlibEngine } from './engine.js';

export default definePlugin({ stages: [deflateCodec] });
