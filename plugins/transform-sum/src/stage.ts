import { defineTransform } from '@beamstack/contract';
import { countDType, untrustedFrom } from './counts.js';
import { countPixels } from './frames.js';
import { mapSumMeta, planSum } from './meta.js';
import { sumOptionsSchema, windowSize } from './options.js';
import { sumFrames } from './sum-frames.js';

/**
 * The `sum` transform: N consecutive frames into one, as a detector with N times the exposure
 * and oscillation per frame would have recorded them (rules in README.md and counts.ts).
 */
export const sumTransform = defineTransform({
  id: 'sum',
  description:
    'sums N consecutive frames into one (N x exposure and oscillation width); masked pixels and overloads stay marked, counts never wrap',
  accepts: 'pixels',
  options: sumOptionsSchema,
  mapMeta: (meta, { options }) => mapSumMeta(meta, options),
  window: (meta, { options }) => windowSize(meta, options),
  apply(frames, { options, input, output, complete }) {
    const n = planSum(input, options).n;
    // A short window is the end of the series (or frames an earlier stage dropped).
    if ((!complete || frames.length < n) && options.partial === 'drop') return null;
    const pixels = countPixels(frames, input, n, 'sum');
    const summed = sumFrames(pixels, {
      input: countDType(input, 'sum'),
      output: countDType(output, 'sum'),
      untrusted: untrustedFrom(input, 'sum'),
      saturation: output.detector.saturationValue,
      // The window's frames are ours now: the host never reads them again.
      reuseFirst: true,
    });
    return { index: frames[0]!.index, shape: output.shape, dtype: output.dtype, pixels: summed };
  },
});
