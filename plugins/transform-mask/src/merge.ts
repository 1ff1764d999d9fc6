import type { DatasetMeta } from '@beamstack/contract';
import type { UserMask } from './user-mask.js';

/** NXmx pixel_mask bit 8: "user defined mask". */
export const USER_MASK_BIT = 1 << 8;

/**
 * The description after the mask stage: the user's pixels OR-ed into the mask as bit 8 (a new
 * array; the input's may be shared memory and is never touched), the mask file added to the
 * inputs, and `pixelMaskApplied` telling the truth about the pixels that will come out:
 * true when this stage writes the masked value into every masked pixel (`apply`); otherwise
 * unchanged, unless the user masked pixels that keep their counts (then false).
 */
export function maskedMeta(meta: DatasetMeta, user: UserMask | null, apply: boolean): DatasetMeta {
  let mask = meta.detector.pixelMask;
  let newlyMasked = 0;
  if (user) {
    const before = mask;
    const merged = new Uint32Array(user.masked.length);
    if (before) merged.set(before);
    const flags = user.masked;
    for (let i = 0; i < flags.length; i++) {
      if (flags[i] === 0) continue;
      if (merged[i] === 0) newlyMasked++;
      merged[i] = merged[i]! | USER_MASK_BIT;
    }
    mask = merged;
  }
  const applied = apply ? true : newlyMasked > 0 ? false : meta.detector.pixelMaskApplied;
  return {
    ...meta,
    detector: { ...meta.detector, pixelMask: mask, pixelMaskApplied: applied },
    provenance: user ? { ...meta.provenance, inputs: [...meta.provenance.inputs, user.input] } : meta.provenance,
  };
}
