import {
  BeamstackError,
  ErrorCodes,
  bytesPerPixel,
  dtypeOf,
  pixelCount,
  type DType,
  type FrameInfo,
  type PixelArray,
} from '@beamstack/contract';

export const CODEC_ID = 'deflate';

export const SUPPORTED_DTYPES: readonly DType[] = ['uint8', 'uint16', 'uint32', 'int8', 'int16', 'int32'];

type SideCode = typeof ErrorCodes.ENCODE | typeof ErrorCodes.DECODE;

/** Bytes a frame of this shape and dtype holds, refusing shapes and dtypes no frame can have. */
export function frameByteLength(info: FrameInfo, code: SideCode): number {
  const [height, width] = info.shape;
  if (!Number.isSafeInteger(height) || !Number.isSafeInteger(width) || height < 0 || width < 0) {
    throw new BeamstackError(code, `invalid frame shape [${info.shape.join(', ')}]`, { codec: CODEC_ID });
  }
  if (!SUPPORTED_DTYPES.includes(info.dtype)) {
    throw new BeamstackError(code, `dtype ${String(info.dtype)} is not supported`, { codec: CODEC_ID });
  }
  const bytes = pixelCount(info.shape) * bytesPerPixel(info.dtype);
  if (!Number.isSafeInteger(bytes)) {
    throw new BeamstackError(code, `frame shape [${info.shape.join(', ')}] is too large`, { codec: CODEC_ID });
  }
  return bytes;
}

/** Refuses pixels whose element size or count disagree with the frame description. */
export function checkPixels(pixels: PixelArray, info: FrameInfo): void {
  const elements = pixelCount(info.shape);
  if (bytesPerPixel(dtypeOf(pixels)) !== bytesPerPixel(info.dtype) || pixels.length !== elements) {
    throw new BeamstackError(
      ErrorCodes.ENCODE,
      `pixels (${dtypeOf(pixels)} x ${pixels.length}) do not match the frame (${info.dtype} [${info.shape.join(', ')}])`,
      { codec: CODEC_ID },
    );
  }
}
