import { DTYPES, bytesPerPixel, dtypeOf, type DType, type PixelArray } from './dtype.js';
import { BeamstackError, ErrorCodes } from './errors.js';
import { pixelCount, type FrameInfo } from './frame.js';

/** The code a codec's frame checks throw: ENCODE while encoding, DECODE while decoding. */
export type FrameCheckCode = typeof ErrorCodes.ENCODE | typeof ErrorCodes.DECODE;

/**
 * Bytes a frame of this shape and dtype holds, refusing shapes and dtypes no frame can have (a
 * frame description is input too: it may come from a hostile file). `codec` names the caller in
 * the error context; `dtypes` are the ones it supports.
 */
export function frameByteLength(
  info: FrameInfo,
  code: FrameCheckCode,
  codec: string,
  dtypes: readonly DType[] = DTYPES,
): number {
  const [height, width] = info.shape;
  if (!Number.isSafeInteger(height) || !Number.isSafeInteger(width) || height < 0 || width < 0) {
    throw new BeamstackError(code, `invalid frame shape [${info.shape.join(', ')}]`, { codec });
  }
  if (!dtypes.includes(info.dtype)) {
    throw new BeamstackError(code, `dtype ${String(info.dtype)} is not supported`, { codec });
  }
  const bytes = pixelCount(info.shape) * bytesPerPixel(info.dtype);
  if (!Number.isSafeInteger(bytes)) {
    throw new BeamstackError(code, `frame shape [${info.shape.join(', ')}] is too large`, { codec });
  }
  return bytes;
}

/**
 * How closely pixels must match the frame's dtype: `'elementSize'` for codecs that only move
 * bytes (uint16 pixels may stand for an int16 frame), `'dtype'` for codecs whose output depends
 * on signedness.
 */
export type PixelMatch = 'elementSize' | 'dtype';

/** Refuses (with ENCODE) pixels whose type or count disagree with the frame description. */
export function checkPixelsMatch(
  pixels: PixelArray,
  info: FrameInfo,
  codec: string,
  match: PixelMatch = 'elementSize',
): void {
  const actual = dtypeOf(pixels);
  const typeMatches =
    match === 'dtype' ? actual === info.dtype : bytesPerPixel(actual) === bytesPerPixel(info.dtype);
  if (!typeMatches || pixels.length !== pixelCount(info.shape)) {
    throw new BeamstackError(
      ErrorCodes.ENCODE,
      `pixels (${actual} x ${pixels.length}) do not match the frame (${info.dtype} [${info.shape.join(', ')}])`,
      { codec },
    );
  }
}
