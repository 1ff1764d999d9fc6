import { defineTransform } from '@beamstack/contract';
import { binPixels } from './bin-frame.js';
import { mapBinMeta, planBin } from './meta.js';
import { binOptionsSchema } from './options.js';
import { framePixels } from './frame.js';

/**
 * The `bin` transform: b x b pixels into one, with the detector description mapped so every
 * detector point keeps its physical position (rules in README.md).
 */
export const binTransform = defineTransform({
  id: 'bin',
  description: 'bins b x b pixels into one (sum or integer mean): pixel size x b, beam centre / b, mask OR-ed per bin, saturation x b² for sums',
  accepts: 'pixels',
  options: binOptionsSchema,
  mapMeta: (meta, { options }) => mapBinMeta(meta, options),
  apply(frames, { options, input, output }) {
    const frame = frames[0]!;
    const plan = planBin(input, options);
    const pixels = binPixels(framePixels(frame, input), input, output, options, plan.untrusted);
    return { index: frame.index, shape: output.shape, dtype: output.dtype, pixels };
  },
});
