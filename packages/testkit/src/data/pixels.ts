import { allocPixels, dtypeInfo, type DType, type PixelArray } from '@beamstack/contract';
import { prng } from './prng.js';

/** Value patterns of samplePixels. */
export type SamplePattern = 'zeros' | 'random' | 'saturated' | 'masked' | 'counts';
export const SAMPLE_PATTERNS: readonly SamplePattern[] = ['zeros', 'random', 'saturated', 'masked', 'counts'];

/**
 * Deterministic pixels of one dtype, every value representable in it: all zeros; uniformly random
 * over the whole range (incompressible); all bits set (saturated / the 2^bits − 1 mask value, −1
 * for signed types); detector-like counts with stripes of the mask value (module gaps); or sparse
 * small counts with rare bright pixels (Poisson-like background with spots).
 */
export function samplePixels(dtype: DType, count: number, pattern: SamplePattern, seed = 1): PixelArray {
  const pixels = allocPixels(dtype, count);
  const { min, max, signed } = dtypeInfo(dtype);
  const allOnes = signed ? -1 : max;
  const next = prng(seed);
  switch (pattern) {
    case 'zeros':
      break;
    case 'random':
      for (let i = 0; i < count; i++) pixels[i] = Math.floor(min + next() * (max - min + 1));
      break;
    case 'saturated':
      pixels.fill(allOnes);
      break;
    case 'masked':
      for (let i = 0; i < count; i++) pixels[i] = i % 97 < 10 ? allOnes : Math.floor(next() * 4);
      break;
    case 'counts':
      for (let i = 0; i < count; i++) {
        const u = next();
        pixels[i] = u < 0.7 ? 0 : u < 0.9 ? 1 : u < 0.995 ? Math.floor(next() * 5) : Math.floor(next() * Math.min(max, 60_000));
      }
      break;
  }
  return pixels;
}

/** Whether two arrays hold the same bytes (any element types; lengths in bytes must agree). */
export function sameBytes(a: PixelArray | Uint8Array, b: PixelArray | Uint8Array): boolean {
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return Buffer.compare(x, y) === 0;
}
