import { allocPixels, dtypeInfo, type DType, type PixelArray } from '@beamstack/contract';
import { eigerLikeFrame, prng, samplePixels, type SamplePattern } from '@beamstack/testkit/data';

/** The testkit's sample patterns plus `eiger`: crops of a realistic Eiger frame in any dtype. */
export type PixelPattern = SamplePattern | 'eiger';

/**
 * Pixels of one dtype following a pattern; every value is representable in the dtype. `counts`
 * here is denser than the testkit's (40 % non-zero, up to 300), as these tests were written for.
 */
export function makePixels(dtype: DType, count: number, pattern: PixelPattern, seed = 1): PixelArray {
  if (pattern !== 'counts' && pattern !== 'eiger') return samplePixels(dtype, count, pattern, seed);
  const pixels = allocPixels(dtype, count);
  const { max, signed } = dtypeInfo(dtype);
  const next = prng(seed);
  if (pattern === 'counts') {
    for (let i = 0; i < count; i++) pixels[i] = next() < 0.6 ? 0 : Math.floor(next() * Math.min(max, 300));
    return pixels;
  }
  const top = signed ? -1 : max; // the "no data" value: all bits set
  const width = 257;
  const frame = eigerLikeFrame(Math.max(1, Math.ceil(count / width)), width, seed);
  for (let i = 0; i < count; i++) {
    const value = frame[i]!;
    pixels[i] = value === 0xffffffff ? top : Math.min(value, signed ? max : max - 1);
  }
  return pixels;
}
