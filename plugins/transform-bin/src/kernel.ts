import type { KernelArray, KernelRule } from '@beamstack/transform-sum/counts';
import type { BinMaskFacts } from './mask.js';

/** Everything one binned frame needs; built once per frame by bin-frame.ts. */
export interface BinKernel {
  readonly input: KernelArray;
  readonly height: number;
  readonly width: number;
  readonly factor: number;
  readonly out: KernelArray;
  readonly outWidth: number;
  readonly outHeight: number;
  readonly mean: boolean;
  readonly maskAware: boolean;
  readonly rule: KernelRule;
  /**
   * A quick filter: a bin whose values OR'ed together have none of these bits set has only
   * counts below the largest power of two <= S, so all are trusted. Anything else (including the
   * marker, −1 in an Int32Array view) goes to the exact rule.
   */
  readonly high: number;
  /** The static pixel mask of the input (null: none). */
  readonly mask: Uint32Array | null;
  readonly facts: BinMaskFacts;
  /** 1 for bins with masked or missing pixels: always decided by the exact rule. */
  readonly special: Uint8Array;
}

/**
 * round(num / den) with ties to even, for integers 0 <= num < 2^53, den >= 1. `inverse` (1/den)
 * lets hot loops multiply instead of divide.
 */
export function divideHalfEven(num: number, den: number, inverse = 1 / den): number {
  let q = Math.floor(num * inverse);
  let r = num - q * den;
  // The float quotient can be off by one for large operands; the remainder tells.
  if (r < 0) {
    q -= 1;
    r += den;
  } else if (r >= den) {
    q += 1;
    r -= den;
  }
  // Up when 2r > den, or 2r = den and q is odd: the same as 2r + parity(q) > den for integers.
  // (q & 1) keeps the parity of any integer below 2^53.
  return 2 * r + (q & 1) > den ? q + 1 : q;
}

/**
 * Bins one frame. Whole bins with only trusted counts and no masked pixel — nearly all of them —
 * are summed in a tight loop; the rest go through `exactBin`, the rule written out plainly.
 */
export function binFrame(k: BinKernel): void {
  const fullRows = (k.height / k.factor) | 0;
  const fullCols = (k.width / k.factor) | 0;
  if (k.factor === 2 && k.mean) binWhole2Mean(k, fullRows, fullCols);
  else if (k.factor === 2) binWhole2Sum(k, fullRows, fullCols);
  else if (k.factor === 3) binWhole3(k, fullRows, fullCols);
  else binWhole(k, fullRows, fullCols);
  // Partial bins of a padded edge: the last column of each row and the whole last row.
  for (let row = 0; row < k.outHeight; row++) {
    for (let col = row < fullRows ? fullCols : 0; col < k.outWidth; col++) k.out[row * k.outWidth + col] = exactBin(k, row, col);
  }
}

function finish(k: BinKernel, sum: number, area: number, inverse: number): number {
  const value = k.mean ? divideHalfEven(sum, area, inverse) : sum;
  return value < k.rule.cap ? value : k.rule.cap;
}

/**
 * b = 2, four pixels read directly. Sums and means are separate loops: one loop serving both
 * collected mixed type feedback in V8 and ran both at 60 % speed.
 */
function binWhole2Sum(k: BinKernel, fullRows: number, fullCols: number): void {
  const { input, width, out, outWidth, special, high } = k;
  const cap = k.rule.cap;
  for (let row = 0; row < fullRows; row++) {
    const top = 2 * row * width;
    const bottom = top + width;
    const base = row * outWidth;
    for (let col = 0; col < fullCols; col++) {
      const j = 2 * col;
      const v0 = input[top + j]!;
      const v1 = input[top + j + 1]!;
      const v2 = input[bottom + j]!;
      const v3 = input[bottom + j + 1]!;
      const o = base + col;
      if (((v0 | v1 | v2 | v3) & high) === 0 && special[o] === 0) {
        const sum = v0 + v1 + v2 + v3;
        out[o] = sum < cap ? sum : cap;
      } else {
        out[o] = exactBin(k, row, col);
      }
    }
  }
}

function binWhole2Mean(k: BinKernel, fullRows: number, fullCols: number): void {
  const { input, width, out, outWidth, special, high } = k;
  const cap = k.rule.cap;
  for (let row = 0; row < fullRows; row++) {
    const top = 2 * row * width;
    const bottom = top + width;
    const base = row * outWidth;
    for (let col = 0; col < fullCols; col++) {
      const j = 2 * col;
      const v0 = input[top + j]!;
      const v1 = input[top + j + 1]!;
      const v2 = input[bottom + j]!;
      const v3 = input[bottom + j + 1]!;
      const o = base + col;
      const sum = v0 + v1 + v2 + v3;
      if (((v0 | v1 | v2 | v3) & high) === 0 && special[o] === 0 && sum < 0x80000000) {
        // sum / 4 rounded half to even without branches (ties are common with low counts):
        // up by one when remainder + parity of q > 2.
        const q = sum >>> 2;
        const m = q + (((sum & 3) + (q & 1) + 1) >> 2);
        out[o] = m < cap ? m : cap;
      } else {
        out[o] = exactBin(k, row, col);
      }
    }
  }
}

/** b = 3 read directly, three rows at once: row accumulators cost more than the nine adds. */
function binWhole3(k: BinKernel, fullRows: number, fullCols: number): void {
  const { input, width, out, outWidth, special, high } = k;
  for (let row = 0; row < fullRows; row++) {
    const r0 = 3 * row * width;
    const r1 = r0 + width;
    const r2 = r1 + width;
    const base = row * outWidth;
    for (let col = 0; col < fullCols; col++) {
      const j = 3 * col;
      const a0 = input[r0 + j]!;
      const a1 = input[r0 + j + 1]!;
      const a2 = input[r0 + j + 2]!;
      const b0 = input[r1 + j]!;
      const b1 = input[r1 + j + 1]!;
      const b2 = input[r1 + j + 2]!;
      const c0 = input[r2 + j]!;
      const c1 = input[r2 + j + 1]!;
      const c2 = input[r2 + j + 2]!;
      const o = base + col;
      if (((a0 | a1 | a2 | b0 | b1 | b2 | c0 | c1 | c2) & high) === 0 && special[o] === 0) {
        out[o] = finish(k, a0 + a1 + a2 + b0 + b1 + b2 + c0 + c1 + c2, 9, 1 / 9);
      } else {
        out[o] = exactBin(k, row, col);
      }
    }
  }
}

function binWhole(k: BinKernel, fullRows: number, fullCols: number): void {
  const { input, width, factor, out, outWidth, special, high } = k;
  const area = factor * factor;
  const inverse = 1 / area;
  // Per output row: sums and OR'ed bits of each bin, filled one input row at a time (streaming).
  const sums = new Float64Array(fullCols);
  const bits = new Int32Array(fullCols);
  for (let row = 0; row < fullRows; row++) {
    sums.fill(0);
    bits.fill(0);
    for (let r = row * factor; r < row * factor + factor; r++) {
      if (factor === 4) addRow4(input, r * width, fullCols, sums, bits);
      else addRow(input, r * width, fullCols, factor, sums, bits);
    }
    const base = row * outWidth;
    for (let col = 0; col < fullCols; col++) {
      const o = base + col;
      out[o] = (bits[col]! & high) === 0 && special[o] === 0 ? finish(k, sums[col]!, area, inverse) : exactBin(k, row, col);
    }
  }
}

/**
 * The binning rule for one bin, written out plainly (README "Rules"):
 *  - plain: any masked pixel (mask bits, the marker, or padding) → marker; else any count >= S →
 *    the output saturation; else the sum (at most the saturation) or the mean.
 *  - mask-aware: valid = present, unmasked, not the marker. Fewer than half the bin valid →
 *    marker; any valid count >= S → saturation; else the valid sum scaled to the whole bin,
 *    sum·b²/valid, or the valid mean, both rounded half to even.
 */
export function exactBin(k: BinKernel, row: number, col: number): number {
  const { input, width, height, factor, mask, rule } = k;
  const o = row * k.outWidth + col;
  const area = factor * factor;
  // Decided by the static mask alone: plain binning masks any bin with a masked pixel, and a
  // mask-aware bin with fewer than half its pixels unmasked can only have fewer valid ones.
  if (k.maskAware ? 2 * k.facts.valid[o]! < area : k.facts.bits[o] !== 0) return rule.outMarker;
  let sum = 0;
  let valid = 0;
  let marker = false;
  let untrusted = false;
  for (let r = row * factor; r < Math.min(height, row * factor + factor); r++) {
    for (let x = col * factor; x < Math.min(width, col * factor + factor); x++) {
      const i = r * width + x;
      if (mask !== null && mask[i] !== 0) continue;
      const v = input[i]!;
      if (v === rule.marker) {
        marker = true;
        continue;
      }
      const count = v >>> 0;
      if (count >= rule.untrusted) untrusted = true;
      sum += count;
      valid += 1;
    }
  }
  if (k.maskAware ? 2 * valid < area : marker) return rule.outMarker;
  if (untrusted) return rule.cap;
  const value = k.mean ? divideHalfEven(sum, valid) : valid === area ? sum : divideHalfEven(sum * area, valid);
  return value < rule.cap ? value : rule.cap;
}

/** Adds one input row into the per-bin sums and OR'ed bits (b consecutive pixels per bin). */
function addRow(input: KernelArray, start: number, cols: number, factor: number, sums: Float64Array, bits: Int32Array): void {
  let i = start;
  for (let col = 0; col < cols; col++) {
    let sum = 0;
    let or = 0;
    for (let end = i + factor; i < end; i++) {
      const v = input[i]!;
      sum += v;
      or |= v;
    }
    sums[col]! += sum;
    bits[col]! |= or;
  }
}

/** `addRow` unrolled for b = 4 (a loop of four iterations costs more than the adds). */
function addRow4(input: KernelArray, start: number, cols: number, sums: Float64Array, bits: Int32Array): void {
  for (let col = 0, i = start; col < cols; col++, i += 4) {
    const v0 = input[i]!;
    const v1 = input[i + 1]!;
    const v2 = input[i + 2]!;
    const v3 = input[i + 3]!;
    sums[col]! += v0 + v1 + v2 + v3;
    bits[col]! |= v0 | v1 | v2 | v3;
  }
}
