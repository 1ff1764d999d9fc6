import {
  ErrorCodes,
  BeamstackError,
  bytesPerPixel,
  defineCodec,
  dtypeOf,
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

/** Pixel count from the frame description, refusing descriptions no frame can have. */
function frameElements(info: FrameInfo, code: typeof ErrorCodes.ENCODE | typeof ErrorCodes.DECODE): number {
  const [height, width] = info.shape;
  if (!Number.isSafeInteger(height) || !Number.isSafeInteger(width) || height < 0 || width < 0) {
    throw new BeamstackError(code, `invalid frame shape [${info.shape.join(', ')}]`, { codec: CODEC_ID });
  }
  if (!SUPPORTED_DTYPES.includes(info.dtype)) {
    throw new BeamstackError(code, `dtype ${String(info.dtype)} is not supported`, { codec: CODEC_ID });
  }
  const elements = pixelCount(info.shape);
  if (!Number.isSafeInteger(elements * bytesPerPixel(info.dtype))) {
    throw new BeamstackError(code, `frame shape [${info.shape.join(', ')}] is too large`, { codec: CODEC_ID });
  }
  return elements;
}

export const byteOffsetCodec = defineCodec({
  id: CODEC_ID,
  description: 'CBF byte-offset compression (x-CBF_BYTE_OFFSET), the payload of Pilatus/Eiger miniCBF files',
  options: { type: 'object', properties: {} },
  dtypes: SUPPORTED_DTYPES,

  encode(pixels: PixelArray, info: FrameInfo): Uint8Array {
    const elements = frameElements(info, ErrorCodes.ENCODE);
    // The delta encoding depends on signedness, so the array type must be the frame's dtype exactly.
    if (dtypeOf(pixels) !== info.dtype || pixels.length !== elements) {
      throw new BeamstackError(
        ErrorCodes.ENCODE,
        `pixels (${dtypeOf(pixels)} x ${pixels.length}) do not match the frame (${info.dtype} [${info.shape.join(', ')}])`,
        { codec: CODEC_ID },
      );
    }
    return encodeByteOffset(pixels);
  },

  decode(bytes: Uint8Array, info: FrameInfo): PixelArray {
    return decodeByteOffset(bytes, info.dtype, frameElements(info, ErrorCodes.DECODE));
  },
});
