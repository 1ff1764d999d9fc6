import { definePlugin } from '@beamstack/contract';
import { byteOffsetCodec } from './codec.js';

export { byteOffsetCodec } from './codec.js';
export { encodeByteOffset } from './encode.js';
export { decodeByteOffset, decodeByteOffsetInto, checkPayloadLength } from './decode.js';
export { encodeByteOffset64, decodeByteOffset64 } from './int64.js';
export {
  CBF_ELEMENT_TYPES,
  CBF_64BIT_ELEMENT_TYPES,
  cbfElementType,
  dtypeFromCbfElementType,
} from './element-types.js';
export {
  CBF_BINARY_MARKER,
  BYTE_OFFSET_CONVERSION,
  MAX_BYTES_PER_VALUE,
  maxEncodedBytesPerValue,
  byteOffsetBound,
} from './format.js';
export { contentMd5 } from './md5.js';
export { CODEC_ID as BYTE_OFFSET_CODEC_ID } from './errors.js';

export default definePlugin({ stages: [byteOffsetCodec] });
