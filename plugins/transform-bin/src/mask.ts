import type { FrameShape } from '@beamstack/contract';
import type { EdgeMode } from './geometry.js';

/** NXmx pixel_mask bit 0: gap, no sensor — what the missing pixels of a padded edge bin are. */
export const GAP_BIT = 1;

/** What the static pixel mask says about each bin, before any frame is seen. */
export interface BinMaskFacts {
  readonly shape: FrameShape;
  /** OR of the input mask words in the bin, plus GAP_BIT when the bin reaches past the frame. */
  readonly bits: Uint32Array;
  /** Input pixels of the bin that exist and are not masked (at most b²). */
  readonly valid: Uint16Array;
}

/**
 * One pass over the input mask (or none: without a mask only padded bins are special). Bins are
 * row-major over the output shape; with 'crop' the input pixels beyond the last whole bin are
 * ignored.
 */
export function binMaskFacts(mask: Uint32Array | null, input: FrameShape, output: FrameShape, factor: number): BinMaskFacts {
  const [h, w] = input;
  const [ho, wo] = output;
  const bits = new Uint32Array(ho * wo);
  const valid = new Uint16Array(ho * wo);
  const rows = Math.min(h, ho * factor);
  const cols = Math.min(w, wo * factor);
  for (let r = 0; r < rows; r++) {
    const out = ((r / factor) | 0) * wo;
    const row = r * w;
    for (let x = 0; x < cols; x++) {
      const o = out + ((x / factor) | 0);
      const m = mask === null ? 0 : mask[row + x]!;
      if (m === 0) valid[o]! += 1;
      else bits[o]! |= m;
    }
  }
  // Padded bins (only with 'pad'): the last row and/or column of bins reaches past the frame.
  if (ho * factor > h) for (let o = (ho - 1) * wo; o < ho * wo; o++) bits[o]! |= GAP_BIT;
  if (wo * factor > w) for (let o = wo - 1; o < ho * wo; o += wo) bits[o]! |= GAP_BIT;
  return { shape: output, bits, valid };
}

/**
 * The output pixel mask. Plain binning masks a bin when any of its pixels is masked, with the OR
 * of their bits (a gap stays bit 0, a dead pixel bit 1 ...). Mask-aware binning masks a bin only
 * when fewer than half its b² pixels are valid (it is then never estimated), with the same OR.
 * Null when the input has no mask and no bin is masked.
 */
export function binnedMask(facts: BinMaskFacts, factor: number, maskAware: boolean, inputHasMask: boolean): Uint32Array | null {
  const area = factor * factor;
  const out = new Uint32Array(facts.bits.length);
  let any = false;
  for (let o = 0; o < out.length; o++) {
    const masked = maskAware ? 2 * facts.valid[o]! < area : facts.bits[o] !== 0;
    if (masked) {
      out[o] = facts.bits[o]!;
      any = true;
    }
  }
  return any || inputHasMask ? out : null;
}

/** Bins the fast loop must leave to the exact per-bin rule: any masked or missing pixel. */
export function specialBins(facts: BinMaskFacts, factor: number): Uint8Array {
  const area = factor * factor;
  const special = new Uint8Array(facts.bits.length);
  for (let o = 0; o < special.length; o++) special[o] = facts.bits[o] !== 0 || facts.valid[o]! < area ? 1 : 0;
  return special;
}

const NO_MASK = {};
const cache = new WeakMap<object, Map<string, { facts: BinMaskFacts; special: Uint8Array }>>();

/**
 * `binMaskFacts` and `specialBins` once per mask and geometry in each thread: the host hands a
 * worker the same (shared) description for every frame, so this is computed once per run, not
 * per frame. The mask is never modified, so caching by identity is safe.
 */
export function cachedFacts(
  mask: Uint32Array | null,
  input: FrameShape,
  output: FrameShape,
  factor: number,
  edges: EdgeMode,
): { facts: BinMaskFacts; special: Uint8Array } {
  const key = `${input[0]}x${input[1]}/${factor}/${edges}`;
  let byGeometry = cache.get(mask ?? NO_MASK);
  if (!byGeometry) {
    byGeometry = new Map();
    cache.set(mask ?? NO_MASK, byGeometry);
  }
  let entry = byGeometry.get(key);
  if (!entry) {
    const facts = binMaskFacts(mask, input, output, factor);
    entry = { facts, special: specialBins(facts, factor) };
    if (byGeometry.size >= 8) byGeometry.clear();
    byGeometry.set(key, entry);
  }
  return entry;
}
