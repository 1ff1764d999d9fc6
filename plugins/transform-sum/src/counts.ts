import { BeamstackError, ErrorCodes, maskedValue, type DatasetMeta, type DType } from '@beamstack/contract';

/**
 * The count rules shared by the transforms that add pixels together (sum over frames, bin over
 * pixels). One place, so both keep the same science:
 *
 * - The **marker** 2^bits − 1 ("no data": a masked pixel when pixel_mask_applied, or a pixel the
 *   detector could not count) is sticky: any marker in the inputs gives the output marker.
 * - A count at or above the saturation value is **untrusted** (dxtbx trusts underload < v <
 *   saturation; detectors and `simulate` clip at it). Any untrusted input gives the output
 *   saturation value exactly — a summed overload reads like a clipped pixel of a detector whose
 *   cut-off is the summed one, so DIALS still excludes it.
 * - Otherwise the output is the plain sum, limited to the output saturation value (in 'widen'
 *   mode that limit is never reached: a sum of n trusted counts is at most n·(S − 1) < n·S).
 */

/** Pixel types whose values are photon counts. */
export type CountDType = 'uint8' | 'uint16' | 'uint32';

const COUNT_DTYPES: readonly CountDType[] = ['uint8', 'uint16', 'uint32'];

/**
 * The highest value each type can hold that every reader still takes as a count: dxtbx maps
 * 2^n − 1 → −1 and 2^n − 2 → −2 for 8/16-bit data and reads uint32 as int32 (2^31 − 1 → −1,
 * 2^31 − 2 → −2, larger values negative); Neggia turns values above INT32_MAX into −1.
 */
export const COUNT_CEILING: Readonly<Record<CountDType, number>> = {
  uint8: 0xff - 2,
  uint16: 0xffff - 2,
  uint32: 0x7fffffff - 2,
};

export function isCountDType(dtype: DType): dtype is CountDType {
  return (COUNT_DTYPES as readonly DType[]).includes(dtype);
}

/** The input's pixel type, which must hold unsigned counts. */
export function countDType(meta: DatasetMeta, stage: string): CountDType {
  if (!isCountDType(meta.dtype)) {
    throw new BeamstackError(
      ErrorCodes.INPUT,
      `${stage} adds photon counts and needs unsigned frames (uint8, uint16, uint32); these are ${meta.dtype}`,
      { stage },
    );
  }
  return meta.dtype;
}

/** Bits per pixel of a count type (what NXmx `bit_depth_image` states). */
export function countBits(dtype: CountDType): 8 | 16 | 32 {
  return dtype === 'uint8' ? 8 : dtype === 'uint16' ? 16 : 32;
}

/** The "no data" marker 2^bits − 1 of a count type. */
export function countMarker(dtype: CountDType): number {
  return maskedValue(dtype);
}

/**
 * The integer threshold S of untrusted counts (v >= S): the saturation value rounded up, at most
 * the marker (so the marker is always untrusted) and, for uint32, at most 2^31 (readers take
 * larger uint32 values as negative numbers, never as counts).
 */
export function untrustedFrom(meta: DatasetMeta, stage: string): number {
  const saturation = meta.detector.saturationValue;
  if (!Number.isFinite(saturation) || saturation < 1) {
    throw new BeamstackError(ErrorCodes.INPUT, `${stage} needs a saturation value >= 1 to tell trusted counts from overloads; the input states ${saturation}`, {
      stage,
    });
  }
  const dtype = countDType(meta, stage);
  return Math.min(Math.ceil(saturation), countMarker(dtype), dtype === 'uint32' ? 2 ** 31 : Infinity);
}

/** How a transform that adds `n` counts together stores its result. */
export interface CountPlan {
  readonly dtype: CountDType;
  /** The output saturation value: what untrusted sums read, and the largest value a sum may take. */
  readonly saturation: number;
}

export type OverflowMode = 'widen' | 'clip';

/**
 * 'widen': the narrowest type, never narrower than the input, whose ceiling holds n·S — every
 * trusted sum is then exact; null when not even uint32 can (the caller explains and refuses).
 * 'clip': the input type, with the output saturation lowered to that type's ceiling when n·S
 * does not fit — sums that reach it read as saturated.
 */
export function countPlan(input: CountDType, untrusted: number, n: number, overflow: OverflowMode): CountPlan | null {
  const needed = n * untrusted;
  if (overflow === 'clip') return { dtype: input, saturation: Math.min(needed, COUNT_CEILING[input]) };
  for (const dtype of COUNT_DTYPES.slice(COUNT_DTYPES.indexOf(input))) {
    if (needed <= COUNT_CEILING[dtype]) return { dtype, saturation: needed };
  }
  return null;
}
