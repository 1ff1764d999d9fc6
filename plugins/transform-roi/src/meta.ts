import type { DatasetMeta } from '@beamstack/contract';
import type { Rect } from './rect.js';

/**
 * The description of frames cropped to `rect`: the new shape, the beam centre in the new pixel
 * coordinates (x − x0, y − y0; it may fall outside the crop, which NXmx allows) and the pixel
 * mask cut to the same rectangle. Everything else, the physics included, is unchanged: the
 * NXmx writer derives module_offset from the beam centre, so the detector stays where it was.
 */
export function croppedMeta(meta: DatasetMeta, rect: Rect): DatasetMeta {
  const [bx, by] = meta.detector.beamCenter_px;
  const mask = meta.detector.pixelMask;
  return {
    ...meta,
    shape: [rect.height, rect.width],
    detector: {
      ...meta.detector,
      beamCenter_px: [bx - rect.x, by - rect.y],
      pixelMask: mask ? cropMask(mask, meta.shape[1], rect) : null,
    },
  };
}

function cropMask(mask: Uint32Array, frameWidth: number, rect: Rect): Uint32Array {
  const out = new Uint32Array(rect.width * rect.height);
  for (let row = 0; row < rect.height; row++) {
    const start = (rect.y + row) * frameWidth + rect.x;
    out.set(mask.subarray(start, start + rect.width), row * rect.width);
  }
  return out;
}
