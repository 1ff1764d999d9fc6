import { BeamstackError, ErrorCodes, defineTransform, dtypeOf, type DatasetMeta, type Frame } from '@beamstack/contract';
import { cropPixels } from './crop.js';
import { croppedMeta } from './meta.js';
import { isWholeFrame } from './rect.js';
import { cachedRegionFor, regionFor } from './region.js';

export const roiTransform = defineTransform({
  id: 'roi',
  description: 'crops frames to a rectangle ([x, y, width, height] pixels) or to the pixels up to a resolution dmin (Å); beam centre and pixel mask follow',
  accepts: 'pixels',
  options: {
    type: 'object',
    properties: {
      rect: {
        type: 'array',
        items: { type: 'integer', minimum: 0 },
        minItems: 4,
        maxItems: 4,
        description: '[x, y, width, height] in pixels, 0-based, x along fast (columns), y along slow (rows); must lie inside the frame',
      },
      dmin: {
        type: 'number',
        exclusiveMinimum: 0,
        description: 'resolution limit in Å: keep the smallest rectangle holding every pixel with d >= dmin (the whole frame when the limit lies beyond the detector edge)',
      },
    },
  },
  mapMeta(meta: DatasetMeta, { options }): DatasetMeta {
    const rect = regionFor(meta, options);
    return isWholeFrame(rect, meta.shape) ? meta : croppedMeta(meta, rect);
  },
  apply(frames: readonly Frame[], { options, input }): Frame {
    const frame = frames[0]!;
    const pixels = frame.pixels;
    const [height, width] = input.shape;
    if (!pixels || frame.shape[0] !== height || frame.shape[1] !== width || dtypeOf(pixels) !== input.dtype || pixels.length !== height * width) {
      throw new BeamstackError(ErrorCodes.INPUT, `expected ${height}x${width} ${input.dtype} pixels, got ${frame.shape.join('x')} ${pixels ? `${dtypeOf(pixels)} pixels` : 'encoded data'}`, { frame: frame.index });
    }
    const rect = cachedRegionFor(input, options);
    if (isWholeFrame(rect, input.shape)) return frame;
    // The frame is ours (the host hands it over): its buffer may be reused, unless it is shared
    // memory someone else may still read.
    const reuse = !(pixels.buffer instanceof SharedArrayBuffer);
    return { ...frame, shape: [rect.height, rect.width], pixels: cropPixels(pixels, input.dtype, width, rect, reuse) };
  },
});
