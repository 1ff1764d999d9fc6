import { testMeta } from '@beamstack/testkit';
import { describe, expect, it } from 'vitest';
import { MAX_CUTOFF, cbfConversion, maskFromCbfValues, maskPlan, toCbfValues } from '../src/index.js';

const shape = [2, 5] as const;
const mask = Uint32Array.from([0, 1, 2, 1 | 8, 16, 0x80000000, 0x40000000, 0, 0, 0]);

describe('Eiger → CBF pixel values', () => {
  it('uint32 with a mask: bit 0 → −1, bits 1–30 → −2, bit 31 keeps the value, counts above 2^31 − 1 → the cutoff', () => {
    const meta = testMeta({ shape, dtype: 'uint32', mask });
    const pixels = Uint32Array.from([5, 0xffffffff, 0xffffffff, 7, 8, 9, 10, 0x80000000, 0xffffffff, 2_000_000]);
    const before = pixels.slice();
    const c = cbfConversion(meta);
    expect(c.cutoff).toBe(2_000_001);
    expect(c.maskedValue).toBeNull();
    expect(c.excluded).toBe(5);
    expect(Array.from(toCbfValues(pixels, c))).toEqual([5, -1, -2, -1, -2, 9, -2, 2_000_001, 2_000_001, 2_000_000]);
    expect(pixels).toEqual(before);
  });

  it('uint32 without a mask: the masked value 2^32 − 1 → −1 when the mask was applied, else it is an overload', () => {
    const pixels = Uint32Array.from([1, 0xffffffff, 0xfffffffe, 3, 4, 5, 6, 7, 8, 9]);
    const applied = cbfConversion(testMeta({ shape, dtype: 'uint32' }));
    expect(applied.maskedValue).toBe(0xffffffff);
    expect(Array.from(toCbfValues(pixels, applied)).slice(0, 4)).toEqual([1, -1, 2_000_001, 3]);
    const raw = cbfConversion({ ...testMeta({ shape, dtype: 'uint32' }), detector: { ...testMeta().detector, pixelMaskApplied: false } });
    expect(Array.from(toCbfValues(pixels, raw)).slice(0, 4)).toEqual([1, 2_000_001, 2_000_001, 3]);
  });

  it('a 16-bit depth in a uint32 container: 65535 → −1 without a mask', () => {
    const meta = testMeta({ shape, dtype: 'uint32' });
    const c = cbfConversion({ ...meta, detector: { ...meta.detector, bitDepthImage: 16 } });
    expect(c.maskedValue).toBe(65535);
    expect(Array.from(toCbfValues(Uint32Array.from([65535, 65534, 0, 0, 0, 0, 0, 0, 0, 0]), c)).slice(0, 2)).toEqual([-1, 65534]);
  });

  it('uint16: 65535 → −1 without a mask, kept (an overload) with one', () => {
    const pixels = Uint16Array.from([65535, 65534, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(toCbfValues(pixels, cbfConversion(testMeta({ shape, dtype: 'uint16' }))))).toEqual([-1, 65534, 1, 2, 3, 4, 5, 6, 7, 8]);
    const masked = toCbfValues(pixels, cbfConversion(testMeta({ shape, dtype: 'uint16', mask })));
    expect(Array.from(masked)).toEqual([65535, -1, -2, -1, -2, 4, -2, 6, 7, 8]);
    expect(cbfConversion(testMeta({ shape, dtype: 'uint16' })).cutoff).toBe(65535);
  });

  it('signed data are written as they are; int32 without a mask is not even copied', () => {
    const i32 = Int32Array.from([-1, -2, 3, 2_147_483_647, -2_147_483_648, 0, 0, 0, 0, 0]);
    expect(toCbfValues(i32, cbfConversion(testMeta({ shape, dtype: 'int32' })))).toBe(i32);
    const i16 = Int16Array.from([-1, -2, 3, 32767, -32768, 0, 0, 0, 0, 0]);
    expect(Array.from(toCbfValues(i16, cbfConversion(testMeta({ shape, dtype: 'int16' }))))).toEqual([-1, -2, 3, 32767, -32768, 0, 0, 0, 0, 0]);
    const withMask = toCbfValues(i32, cbfConversion(testMeta({ shape, dtype: 'int32', mask })));
    expect(withMask).not.toBe(i32);
    expect(Array.from(withMask).slice(0, 5)).toEqual([-1, -1, -2, -1, -2]);
    expect(i32[1]).toBe(-2);
  });

  it('an unknown or absurd saturation gives the largest cutoff dxtbx does not read as "masked"', () => {
    for (const saturationValue of [0, -5, Number.NaN, 2 ** 40]) {
      const meta = testMeta({ shape });
      expect(cbfConversion({ ...meta, detector: { ...meta.detector, saturationValue } }).cutoff).toBe(MAX_CUTOFF);
    }
  });

  it('mask plans are cached per mask', () => {
    expect(maskPlan(mask)).toBe(maskPlan(mask));
    expect(Array.from(maskPlan(mask).gap)).toEqual([1, 3]);
    expect(Array.from(maskPlan(mask).other)).toEqual([2, 4, 6]);
  });
});

describe('mask from CBF values', () => {
  it('−1 → bit 0 (gap), −2 → bit 1 (dead); none for unsigned data or without special values', () => {
    expect(Array.from(maskFromCbfValues(Int32Array.from([0, -1, -2, 5, -3]))!)).toEqual([0, 1, 2, 0, 0]);
    expect(maskFromCbfValues(Int32Array.from([0, 1, 2]))).toBeNull();
    expect(maskFromCbfValues(Uint16Array.from([65535]))).toBeNull();
    expect(Array.from(maskFromCbfValues(Int16Array.from([-1]))!)).toEqual([1]);
  });
});
