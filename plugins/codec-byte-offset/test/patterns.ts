import { allocPixels, dtypeInfo, dtypeOf, type DType, type PixelArray } from '@beamstack/contract';
import { prng, sameBytes } from '@beamstack/testkit/data';

export const PATTERNS = ['zeros', 'random', 'saturated', 'extremes', 'walk', 'eiger'] as const;
export type Pattern = (typeof PATTERNS)[number];

/**
 * Test pixels. `random` is uniform over the whole dtype (every escape width), `extremes` jumps
 * between the dtype's min, max and 0 (the widest differences there are), `walk` takes mostly small
 * steps with some 16-bit ones, `eiger` is a low-count background with masked values (−1/−2 for
 * signed types, max for unsigned) and bright spots.
 */
export function makePixels(dtype: DType, count: number, pattern: Pattern, seed = 1): PixelArray {
  const { min, max, signed } = dtypeInfo(dtype);
  const random = prng(seed);
  const between = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const pixels = allocPixels(dtype, count);
  const cycle = [min, max, min, 0, max, max, 0, min, min, 1, max - 1, min + 1];
  let walk = signed ? 0 : Math.floor(max / 2);
  for (let i = 0; i < count; i++) {
    let value: number;
    switch (pattern) {
      case 'zeros':
        value = 0;
        break;
      case 'random':
        value = between(min, max);
        break;
      case 'saturated':
        value = max;
        break;
      case 'extremes':
        value = cycle[(i + seed) % cycle.length]!;
        break;
      case 'walk': {
        const r = random();
        walk += r < 0.9 ? between(-127, 127) : r < 0.98 ? between(-3000, 3000) : between(-100000, 100000);
        walk = Math.min(max, Math.max(min, walk));
        value = walk;
        break;
      }
      case 'eiger': {
        const r = random();
        if (r < 0.03) value = signed ? (r < 0.02 ? -1 : -2) : max;
        else if (r < 0.035) value = Math.min(max, between(100, 70000));
        else value = Math.min(max, r < 0.8 ? 0 : r < 0.95 ? 1 : between(2, 9));
        break;
      }
    }
    pixels[i] = value;
  }
  return pixels;
}

/** Same values as exact BigInts (the reference codec's input). */
export function asBigInts(pixels: PixelArray): BigInt64Array {
  return BigInt64Array.from(Array.from(pixels, (v) => BigInt(v)));
}

/** Largest |difference| between neighbours (from 0 before the first), the quantity §8.2 sizes on. */
export function widestDelta(pixels: PixelArray): number {
  let prev = 0;
  let widest = 0;
  for (let i = 0; i < pixels.length; i++) {
    widest = Math.max(widest, Math.abs(pixels[i]! - prev));
    prev = pixels[i]!;
  }
  return widest;
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Same dtype and the same values; fast on big frames (vitest's deep equality is per element). */
export function samePixels(a: PixelArray, b: PixelArray): boolean {
  return dtypeOf(a) === dtypeOf(b) && sameBytes(a, b);
}
