/**
 * Tight loops that add whole frames pixel by pixel under the count rules (counts.ts). Each reads
 * two or three inputs and writes every output pixel once: read-modify-write passes over a
 * 4-byte accumulator per frame measured 2x slower.
 *
 * uint32 data are passed as Int32Array views of the same bytes: V8 keeps int32 values in machine
 * registers, while uint32 values above 2^31 fall back to doubles (measured 3x slower).
 *
 * Every loop has a fast path decided by int32 bit tests alone: when the inputs OR'ed together
 * have none of the `high` bits set (all below a power of two P that is <= S and small enough
 * that no sum of them can reach the cap), the output is just their sum. Unsigned compares
 * against run-time thresholds measured 2x slower in V8, so they are left to the rare rest:
 * counts near saturation, the marker, and bright pixels.
 */

/** Arrays the kernels read and write: uint8/uint16 as they are, uint32 as an Int32Array view. */
export type KernelArray = Uint8Array | Uint16Array | Int32Array;

/** The count rule in the kernel's number domain (the markers as the kernel arrays hold them). */
export interface KernelRule {
  /** Input counts >= this (unsigned) are untrusted; at most 2^31 for uint32 views. */
  readonly untrusted: number;
  /** The input marker as the input view holds it (−1 for an Int32Array view of uint32). */
  readonly marker: number;
  /** The output saturation value (< 2^31, never a marker). */
  readonly cap: number;
  /** The output marker as the output view holds it. */
  readonly outMarker: number;
  /** −P: inputs without these bits are trusted, and three of them plus `accHigh`'s sums stay below cap. */
  readonly high: number;
  /** −Q: running sums without these bits leave room for two more inputs below cap. */
  readonly accHigh: number;
}

/** −P for the largest power of two P <= limit (P = 1 when limit < 2). */
export function highBitsBelow(limit: number): number {
  let p = 1;
  while (p * 2 <= limit) p *= 2;
  return -p | 0;
}

/** out = rule(a), for a window of one frame (a short last window kept with partial 'keep'). */
export function start1(out: KernelArray, a: KernelArray, rule: KernelRule): void {
  const { untrusted, marker, cap, outMarker, high } = rule;
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    if ((v & high) === 0) out[i] = v;
    else if (v >>> 0 < untrusted) out[i] = v < cap ? v : cap;
    else out[i] = v === marker ? outMarker : cap;
  }
}

/** out = a ⊕ b: the sum of two input frames under the rule. */
export function start2(out: KernelArray, a: KernelArray, b: KernelArray, rule: KernelRule): void {
  const { untrusted, marker, cap, outMarker, high } = rule;
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const v0 = a[i]!;
    const v1 = b[i]!;
    if (((v0 | v1) & high) === 0) {
      out[i] = v0 + v1;
    } else if (v0 >>> 0 < untrusted && v1 >>> 0 < untrusted) {
      const s = v0 + v1;
      out[i] = s < cap ? s : cap;
    } else {
      out[i] = v0 === marker || v1 === marker ? outMarker : cap;
    }
  }
}

/** out = a ⊕ b ⊕ c. */
export function start3(out: KernelArray, a: KernelArray, b: KernelArray, c: KernelArray, rule: KernelRule): void {
  const { untrusted, marker, cap, outMarker, high } = rule;
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const v0 = a[i]!;
    const v1 = b[i]!;
    const v2 = c[i]!;
    if (((v0 | v1 | v2) & high) === 0) {
      out[i] = v0 + v1 + v2;
    } else if (v0 >>> 0 < untrusted && v1 >>> 0 < untrusted && v2 >>> 0 < untrusted) {
      const s = v0 + v1 + v2;
      out[i] = s < cap ? s : cap;
    } else {
      out[i] = v0 === marker || v1 === marker || v2 === marker ? outMarker : cap;
    }
  }
}

/**
 * out = out ⊕ a ⊕ b, where `out` already holds a result (a trusted sum < cap, cap = saturated,
 * or the output marker = masked; the marker wins over saturation, saturation over counts).
 */
export function add2(out: KernelArray, a: KernelArray, b: KernelArray, rule: KernelRule): void {
  const { untrusted, marker, cap, outMarker, high, accHigh } = rule;
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const c = out[i]!;
    const v0 = a[i]!;
    const v1 = b[i]!;
    if (((v0 | v1) & high) === 0 && (c & accHigh) === 0) {
      out[i] = c + v0 + v1;
    } else if (c >>> 0 < cap && v0 >>> 0 < untrusted && v1 >>> 0 < untrusted) {
      const s = c + v0 + v1;
      out[i] = s < cap ? s : cap;
    } else {
      out[i] = c === outMarker || v0 === marker || v1 === marker ? outMarker : cap;
    }
  }
}
