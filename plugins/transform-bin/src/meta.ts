import { BeamstackError, ErrorCodes, type DatasetMeta, type FrameShape } from '@beamstack/contract';
import { COUNT_CEILING, countBits, countDType, countPlan, untrustedFrom, type CountPlan } from '@beamstack/transform-sum/counts';
import { binnedDetector, binnedShape } from './geometry.js';
import { binMaskFacts, binnedMask } from './mask.js';
import type { BinOptions } from './options.js';

/** What binning decides from the input description and the options. */
export interface BinPlan {
  readonly factor: number;
  readonly shape: FrameShape;
  readonly count: CountPlan;
  /** Input counts >= this are untrusted. */
  readonly untrusted: number;
}

export function planBin(meta: DatasetMeta, options: BinOptions): BinPlan {
  const input = countDType(meta, 'bin');
  const factor = options.factor;
  const shape = binnedShape(meta.shape, factor, options.edges);
  const untrusted = untrustedFrom(meta, 'bin');
  // A mean of trusted counts stays below S: same type, same saturation (within the type's ceiling).
  const count = options.mode === 'mean' ? countPlan(input, untrusted, 1, 'clip') : countPlan(input, untrusted, factor * factor, options.overflow);
  if (!count) {
    throw new BeamstackError(
      ErrorCodes.OPTIONS,
      `summing ${factor}x${factor} pixels with saturation ${untrusted} needs counts up to ${factor * factor * untrusted}, more than uint32 holds for readers (${COUNT_CEILING.uint32}: dxtbx reads uint32 as int32); use a smaller factor, mode: 'mean', or overflow: 'clip' to cap sums at ${COUNT_CEILING.uint32} (read as saturated)`,
      { option: 'overflow', stage: 'bin' },
    );
  }
  return { factor, shape, count, untrusted };
}

/**
 * The binned description: b times larger pixels, the beam centre at the same physical point
 * (x / b), the mask binned, the saturation value of the binned counts, the new shape. Times,
 * scan and everything else are unchanged.
 */
export function mapBinMeta(meta: DatasetMeta, options: BinOptions): DatasetMeta {
  const plan = planBin(meta, options);
  const d = meta.detector;
  const facts = binMaskFacts(d.pixelMask, meta.shape, plan.shape, plan.factor);
  const pixelMask = binnedMask(facts, plan.factor, options.maskAware, d.pixelMask !== null);
  return {
    ...meta,
    shape: plan.shape,
    dtype: plan.count.dtype,
    detector: {
      ...d,
      ...binnedDetector(d, plan.factor),
      saturationValue: plan.count.saturation,
      bitDepthImage: countBits(plan.count.dtype),
      pixelMask,
      // Every bin the output mask marks holds the marker (see README), so the mask is applied
      // whenever there is one; without a mask the input's statement stands.
      pixelMaskApplied: pixelMask !== null ? true : d.pixelMaskApplied,
    },
  };
}
