import { allocPixels, dtypeInfo, type DType, type PixelArray } from '@beamstack/contract';
import { eigerLikeFrame, prng } from './data.js';

export const ALL_DTYPES: readonly DType[] = ['uint8', 'uint16', 'uint32', 'int8', 'int16', 'int32'];

export type PixelPattern = 'zeros' | 'random' | 'saturated' | 'masked' | 'counts' | 'eiger';

/** Pixels of one dtype following a pattern; every value is representable in the dtype. */
export function makePixels(dtype: DType, count: number, pattern: PixelPattern, seed = 1): PixelArray {
  const pixels = allocPixels(dtype, count);
  const { min, max, signed } = dtypeInfo(dtype);
  const next = prng(seed);
  const top = signed ? -1 : max; // the "no data" value: all bits set
  switch (pattern) {
    case 'zeros':
      break;
    case 'random':
      for (let i = 0; i < count; i++) pixels[i] = Math.floor(min + next() * (max - min + 1));
      break;
    case 'saturated':
      pixels.fill(top);
      break;
    case 'masked':
      // Mostly small counts with gap-like stripes of all-ones pixels.
      for (let i = 0; i < count; i++) pixels[i] = i % 97 < 10 ? top : Math.floor(next() * 4);
      break;
    case 'counts':
      for (let i = 0; i < count; i++) pixels[i] = next() < 0.6 ? 0 : Math.floor(next() * Math.min(max, 300));
      break;
    case 'eiger': {
      const width = 257;
      const frame = eigerLikeFrame(Math.max(1, Math.ceil(count / width)), width, seed);
      for (let i = 0; i < count; i++) {
        const value = frame[i]!;
        pixels[i] = value === 0xffffffff ? top : Math.min(value, signed ? max : max - 1);
      }
      break;
    }
  }
  return pixels;
}

export function sameBytes(a: PixelArray, b: PixelArray): boolean {
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return Buffer.compare(x, y) === 0;
}
