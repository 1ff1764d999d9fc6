export { encodeBlock } from './encode.js';
export { decodeBlock } from './decode.js';
export { Lz4DecodeError, isLz4DecodeError, type Lz4DecodeReason } from './error.js';
export {
  LAST_LITERALS,
  MATCH_START_MARGIN,
  MAX_INPUT_SIZE,
  MAX_OFFSET,
  MIN_COMPRESSIBLE_LENGTH,
  MIN_MATCH,
  lz4CompressBound,
} from './limits.js';
