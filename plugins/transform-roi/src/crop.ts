import { BeamstackError, ErrorCodes, allocPixels, type DType, type PixelArray } from '@beamstack/contract';
import type { Rect } from './rect.js';

/**
 * Below this share of the input, a crop gets a buffer of its own: compacting in place would keep
 * the whole input frame's memory alive for a small result until the writer is done with it.
 */
const IN_PLACE_MIN_SHARE = 0.25;

/**
 * Cuts the rectangle out of a row-major frame `frameWidth` pixels wide.
 *
 * When the caller owns the frame (`reuse`: the host hands frames over and never reads them again)
 * and the result is not tiny, the rows are moved to the front of the frame's own buffer
 * (copyWithin, a memmove per row) and a view of that prefix is returned: no allocation, and no
 * page faults on fresh memory, which cost more than the copy itself (measured: 9 MB into a new
 * buffer 3.4 ms, into touched memory 0.6 ms). Otherwise the rows are copied into a new buffer
 * (TypedArray.set of a same-typed subarray per row, or one copy when whole rows are kept).
 */
export function cropPixels(pixels: PixelArray, dtype: DType, frameWidth: number, rect: Rect, reuse: boolean): PixelArray {
  const { x, y, width, height } = rect;
  if (pixels.length < (y + height - 1) * frameWidth + x + width) {
    throw new BeamstackError(ErrorCodes.INPUT, `frame holds ${pixels.length} pixels, too few for rows ${y} .. ${y + height - 1} of width ${frameWidth}`);
  }
  const count = width * height;
  if (reuse && count >= pixels.length * IN_PLACE_MIN_SHARE) {
    if (width === frameWidth) {
      if (y > 0) pixels.copyWithin(0, y * frameWidth, (y + height) * frameWidth);
    } else {
      // Row r moves from (y + r)·W + x to r·w, never later than it was: front to back is safe.
      for (let row = 0; row < height; row++) {
        const start = (y + row) * frameWidth + x;
        pixels.copyWithin(row * width, start, start + width);
      }
    }
    return pixels.subarray(0, count);
  }
  const out = allocPixels(dtype, count);
  if (width === frameWidth) {
    out.set(pixels.subarray(y * frameWidth, (y + height) * frameWidth));
    return out;
  }
  for (let row = 0; row < height; row++) {
    const start = (y + row) * frameWidth + x;
    out.set(pixels.subarray(start, start + width), row * width);
  }
  return out;
}
