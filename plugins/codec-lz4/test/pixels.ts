import { allocPixels, dtypeInfo, pixelBytes, type DType, type PixelArray } from '@beamstack/contract';

/** Deterministic test pixels for every dtype; every value is representable in its dtype. */

export const ALL_DTYPES: readonly DType[] = ['uint8', 'uint16', 'uint32', 'int8', 'int16', 'int32'];

export type PixelPattern = 'zeros' | 'random' | 'saturated' | 'masked' | 'counts';
export const ALL_PATTERNS: readonly PixelPattern[] = ['zeros', 'random', 'saturated', 'masked', 'counts'];

/** mulberry32: a small seeded PRNG, good enough for test data. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Pixels of one dtype: all zeros; uniformly random over the whole range (incompressible);
 * all bits set (saturated / the 2^bits − 1 mask value, −1 for signed types); detector-like
 * counts with stripes of the mask value (module gaps); or sparse small counts with rare bright
 * pixels (Poisson-like background with spots).
 */
export function makePixels(dtype: DType, count: number, pattern: PixelPattern, seed = 1): PixelArray {
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

export function sameBytes(a: PixelArray | Uint8Array, b: PixelArray | Uint8Array): boolean {
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return Buffer.compare(x, y) === 0;
}

export { pixelBytes };
