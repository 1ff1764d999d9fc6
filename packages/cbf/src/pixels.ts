import { dtypeInfo, type DatasetMeta, type PixelArray } from '@beamstack/contract';

/** CBF value of a gap pixel (pixel_mask bit 0), Pilatus/Eiger convention. */
export const GAP_VALUE = -1;
/** CBF value of any other masked pixel (pixel_mask bits 1–30). */
export const MASKED_VALUE = -2;
/** Largest count a CBF cutoff may be: 2^31 − 1 itself means "masked" to dxtbx's NXmx reader. */
export const MAX_CUTOFF = 0x7ffffffe;

/** Mask bits written as −2; bit 31 (virtual pixel, an interpolated value) keeps its value. */
const OTHER_BITS = 0x7ffffffe;

/** Where the mask puts −1 and −2, precomputed once per mask. */
export interface MaskPlan {
  readonly gap: Int32Array;
  readonly other: Int32Array;
}

const plans = new WeakMap<Uint32Array, MaskPlan>();

/** The pixel indices the mask turns into −1 (bit 0) and −2 (bits 1–30); cached per mask array. */
export function maskPlan(mask: Uint32Array): MaskPlan {
  let plan = plans.get(mask);
  if (plan) return plan;
  let gaps = 0;
  let others = 0;
  for (let i = 0; i < mask.length; i++) {
    const m = mask[i]!;
    if (m & 1) gaps++;
    else if (m & OTHER_BITS) others++;
  }
  const gap = new Int32Array(gaps);
  const other = new Int32Array(others);
  gaps = 0;
  others = 0;
  for (let i = 0; i < mask.length; i++) {
    const m = mask[i]!;
    if (m & 1) gap[gaps++] = i;
    else if (m & OTHER_BITS) other[others++] = i;
  }
  plan = { gap, other };
  plans.set(mask, plan);
  return plan;
}

/** How a dataset's pixels become CBF int32 values. */
export interface CbfConversion {
  readonly plan: MaskPlan | null;
  /** Written for counts that do not fit int32 (and as `# Count_cutoff`): saturation + 1. */
  readonly cutoff: number;
  /**
   * Without a mask, the stored value that means "masked" (2^bit_depth − 1 of unsigned data when
   * pixel_mask_applied), written as −1 as eiger2cbf does; null when there is none.
   */
  readonly maskedValue: number | null;
  /** Pixels written as −1 or −2 because of the mask. */
  readonly excluded: number;
}

/**
 * The Eiger → CBF rules (FORMATS.md §7.3; eiger2cbf and dxtbx): mask bit 0 → −1, bits 1–30 → −2;
 * without a mask the "masked" value of unsigned data → −1; a count above 2^31 − 1 (only possible
 * for uint32) → the count cutoff, so DIALS and XDS see an overload rather than a masked pixel.
 */
export function cbfConversion(meta: DatasetMeta): CbfConversion {
  const d = meta.detector;
  const plan = d.pixelMask ? maskPlan(d.pixelMask) : null;
  const sat = d.saturationValue;
  const cutoff = Number.isFinite(sat) && sat >= 1 ? Math.min(Math.floor(sat) + 1, MAX_CUTOFF) : MAX_CUTOFF;
  const info = dtypeInfo(meta.dtype);
  let maskedValue: number | null = null;
  if (!plan && d.pixelMaskApplied && !info.signed) {
    const bits = Number.isInteger(d.bitDepthImage) && d.bitDepthImage >= 1 && d.bitDepthImage <= 32 ? d.bitDepthImage : info.bytes * 8;
    maskedValue = Math.min(2 ** bits - 1, info.max);
  }
  return { plan, cutoff, maskedValue, excluded: plan ? plan.gap.length + plan.other.length : 0 };
}

let scratch = new Int32Array(0);

/**
 * The frame as CBF int32 values. May return `pixels` itself (int32 with nothing to change) or a
 * module scratch array reused by the next call on this thread: use the result before calling
 * again, and never keep it. `pixels` is never modified.
 */
export function toCbfValues(pixels: PixelArray, conversion: CbfConversion): Int32Array {
  const { plan, cutoff, maskedValue } = conversion;
  if (pixels instanceof Int32Array && plan === null) return pixels;
  if (scratch.length < pixels.length) scratch = new Int32Array(pixels.length);
  const out = scratch.length === pixels.length ? scratch : scratch.subarray(0, pixels.length);
  if (pixels instanceof Uint32Array) {
    // Copy as int32 words (a memcpy), then fix the words that came out negative: counts above
    // 2^31 − 1. One comparison per pixel in the usual cases; JS loops cost ~1 ns per element.
    out.set(new Int32Array(pixels.buffer, pixels.byteOffset, pixels.length));
    const n = out.length;
    if (maskedValue === null) {
      for (let i = 0; i < n; i++) if (out[i]! < 0) out[i] = cutoff;
    } else if (maskedValue === 0xffffffff) {
      // 2^32 − 1 reads as −1 already, which is the CBF gap value.
      for (let i = 0; i < n; i++) if (out[i]! < -1) out[i] = cutoff;
    } else {
      for (let i = 0; i < n; i++) {
        const v = out[i]!;
        if (v < 0) out[i] = cutoff;
        else if (v === maskedValue) out[i] = GAP_VALUE;
      }
    }
  } else {
    out.set(pixels);
    if (maskedValue !== null && !(pixels instanceof Int32Array)) {
      for (let i = 0; i < out.length; i++) if (out[i] === maskedValue) out[i] = GAP_VALUE;
    }
  }
  if (plan) {
    const { gap, other } = plan;
    for (let k = 0; k < gap.length; k++) out[gap[k]!] = GAP_VALUE;
    for (let k = 0; k < other.length; k++) out[other[k]!] = MASKED_VALUE;
  }
  return out;
}

/**
 * A pixel mask from CBF values (the first frame of a series): −1 → bit 0 (gap), −2 → bit 1
 * (dead). Null for unsigned data or when no pixel holds −1 or −2.
 */
export function maskFromCbfValues(values: PixelArray): Uint32Array | null {
  if (values instanceof Uint8Array || values instanceof Uint16Array || values instanceof Uint32Array) return null;
  let mask: Uint32Array | null = null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === GAP_VALUE || v === MASKED_VALUE) {
      mask ??= new Uint32Array(values.length);
      mask[i] = v === GAP_VALUE ? 1 : 2;
    }
  }
  return mask;
}
