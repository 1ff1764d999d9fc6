import {
  ErrorCodes,
  checkPixelsMatch,
  defineCodec,
  frameByteLength,
  pixelCount,
  type DType,
  type FrameInfo,
  type PixelArray,
} from '@beamstack/contract';
import { decodeByteOffset } from './decode.js';
import { encodeByteOffset } from './encode.js';
import { CODEC_ID } from './errors.js';

/** Every integer pixel type; CBF names each one (see CBF_ELEMENT_TYPES). */
const SUPPORTED_DTYPES: readonly DType[] = ['int32', 'uint32', 'int16', 'uint16', 'int8', 'uint8'];

export const byteOffsetCodec = defineCodec({
  id: CODEC_ID,
  description: 'CBF byte-offset compression (x-CBF_BYTE_OFFSET), the payload of Pilatus/Eiger miniCBF files',
  options: { type: 'object', properties: {} },
  dtypes: SUPPORTED_DTYPES,

  encode(pixels: PixelArray, info: FrameInfo): Uint8Array {
    frameByteLength(info, ErrorCodes.ENCODE, CODEC_ID, SUPPORTED_DTYPES);
    // The delta encoding depends on signedness, so the array type must be the frame's dtype exactly.
    checkPixelsMatch(pixels, info, CODEC_ID, 'dtype');
    return encodeByteOffset(pixels);
  },

  decode(bytes: Uint8Array, info: FrameInfo): PixelArray {
    frameByteLength(info, ErrorCodes.DECODE, CODEC_ID, SUPPORTED_DTYPES);
    return decodeByteOffset(bytes, info.dtype, pixelCount(info.shape));
  },
});
