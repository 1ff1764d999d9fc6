import { BeamstackError, ErrorCodes, defineTransform, dtypeOf, type DatasetMeta, type Frame, type PixelArray } from '@beamstack/contract';
import { maskedValueFor } from './masked-value.js';
import { maskedMeta } from './merge.js';
import { cachedMaskRuns, fillRuns } from './runs.js';
import { loadUserMask, maskPath } from './user-mask.js';

export const maskTransform = defineTransform({
  id: 'mask',
  description: 'writes the masked value (2^bits − 1) into masked pixels and merges a user mask file (.npy, nonzero = masked) into the pixel mask as bit 8',
  accepts: 'pixels',
  options: {
    type: 'object',
    properties: {
      file: {
        type: 'string',
        minLength: 1,
        description: "user mask: a NumPy .npy file, 2-D (height, width) like the frames at this stage, bool or integers, nonzero = masked; relative to the stack file's folder",
      },
      apply: {
        type: 'boolean',
        default: true,
        description: 'write the masked value into every masked pixel (then pixel_mask_applied = 1); false only merges the mask',
      },
    },
  },
  mapMeta(meta: DatasetMeta, { options, baseDir }): DatasetMeta {
    if (options.file === undefined && !options.apply) {
      throw new BeamstackError(ErrorCodes.OPTIONS, 'with apply: false and no file this stage would do nothing; give a mask file or drop the stage', { option: 'apply' });
    }
    const user = options.file === undefined ? null : loadUserMask(maskPath(options.file, baseDir), meta.shape);
    return maskedMeta(meta, user, options.apply);
  },
  apply(frames: readonly Frame[], { options, input, output }): Frame {
    const frame = frames[0]!;
    if (!options.apply) return frame;
    const pixels = frame.pixels;
    const [height, width] = input.shape;
    if (!pixels || frame.shape[0] !== height || frame.shape[1] !== width || dtypeOf(pixels) !== input.dtype || pixels.length !== height * width) {
      throw new BeamstackError(ErrorCodes.INPUT, `expected ${height}x${width} ${input.dtype} pixels, got ${frame.shape.join('x')} ${pixels ? `${dtypeOf(pixels)} pixels` : 'encoded data'}`, { frame: frame.index });
    }
    const mask = output.detector.pixelMask;
    if (!mask) return frame;
    // The frame is ours now (the host hands it over and never reads it again): write in place,
    // unless it lives in shared memory someone else may still read.
    const target: PixelArray = pixels.buffer instanceof SharedArrayBuffer ? pixels.slice() : pixels;
    fillRuns(target, cachedMaskRuns(mask), maskedValueFor(output));
    return target === pixels ? frame : { ...frame, pixels: target };
  },
});
