import type { DatasetMeta, DType, PixelArray } from '@beamstack/contract';

/*
 * An independent statement of the sum rules (README "Rules"), written as plainly as possible:
 * one pixel at a time, one frame at a time, no views, no tricks. The stage must agree with it.
 */

const BITS: Record<string, number> = { uint8: 8, uint16: 16, uint32: 32 };
/** Highest value every reader (dxtbx, Neggia) takes as a count. */
const CEILING: Record<string, number> = { uint8: 253, uint16: 65533, uint32: 2147483645 };
const WIDER: Record<string, DType[]> = { uint8: ['uint8', 'uint16', 'uint32'], uint16: ['uint16', 'uint32'], uint32: ['uint32'] };

export interface ReferenceSum {
  readonly dtype: DType;
  readonly saturation: number;
}

export function markerOf(dtype: DType): number {
  return 2 ** BITS[dtype]! - 1;
}

/** S: counts >= S are not trusted. */
export function untrustedOf(meta: DatasetMeta): number {
  const bits = BITS[meta.dtype]!;
  let s = Math.ceil(meta.detector.saturationValue);
  if (s > 2 ** bits - 1) s = 2 ** bits - 1;
  if (bits === 32 && s > 2 ** 31) s = 2 ** 31;
  return s;
}

/** Output type and saturation of adding `n` counts, or null when 'widen' cannot hold n·S. */
export function referenceCounts(meta: DatasetMeta, n: number, overflow: 'widen' | 'clip'): ReferenceSum | null {
  const need = n * untrustedOf(meta);
  if (overflow === 'clip') return { dtype: meta.dtype, saturation: Math.min(need, CEILING[meta.dtype]!) };
  for (const dtype of WIDER[meta.dtype]!) if (need <= CEILING[dtype]!) return { dtype, saturation: need };
  return null;
}

/** Pixel by pixel: marker anywhere → marker; else any count >= S → saturation; else min(sum, saturation). */
export function referenceSum(frames: readonly PixelArray[], input: DatasetMeta, out: ReferenceSum): number[] {
  const marker = markerOf(input.dtype);
  const s = untrustedOf(input);
  const result: number[] = [];
  for (let p = 0; p < frames[0]!.length; p++) {
    let masked = false;
    let overloaded = false;
    let sum = 0;
    for (const frame of frames) {
      const v = frame[p]!;
      if (v === marker) masked = true;
      else if (v >= s) overloaded = true;
      sum += v;
    }
    if (masked) result.push(markerOf(out.dtype));
    else if (overloaded) result.push(out.saturation);
    else result.push(Math.min(sum, out.saturation));
  }
  return result;
}

/** The first index where two pixel lists differ, with both values, or null when equal. */
export function firstDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): string | null {
  if (actual.length !== expected.length) return `length ${actual.length} != ${expected.length}`;
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] !== expected[i]) return `pixel ${i}: ${actual[i]} != ${expected[i]}`;
  }
  return null;
}
