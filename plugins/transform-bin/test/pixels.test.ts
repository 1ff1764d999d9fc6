import { describe, expect, it } from 'vitest';
import { ErrorCodes, type DatasetMeta, type PixelArray } from '@beamstack/contract';
import { testMeta } from '@beamstack/testkit';
import { binTransform, divideHalfEven } from '../src/index.js';
import { firstDifference, markerOf } from '../../transform-sum/test/reference.js';
import { injectHardCases, simulated } from '../../transform-sum/test/simulated.js';
import { halfEven, referenceBin, type BinCase } from './reference.js';
import { binOptions, runBin } from './run.js';

const CASES: (Partial<BinCase> & { factor: number })[] = [];
for (const factor of [2, 3, 4, 5])
  for (const mode of ['sum', 'mean'] as const)
    for (const maskAware of [false, true])
      for (const edges of ['crop', 'pad'] as const) CASES.push({ factor, mode, maskAware, edges });

/** The stage's output (pixels, shape, type, saturation, mask) equals the reference's. */
function check(meta: DatasetMeta, pixels: PixelArray, c: Partial<BinCase> & { factor: number }): void {
  const label = JSON.stringify(c);
  const expected = referenceBin(pixels, meta, binOptions(c));
  const { output, frame } = runBin(meta, pixels, c);
  expect(output.shape, label).toEqual(expected.shape);
  expect(frame.shape, label).toEqual(expected.shape);
  expect(output.dtype, label).toBe(expected.dtype);
  expect(frame.dtype, label).toBe(expected.dtype);
  expect(output.detector.saturationValue, label).toBe(expected.saturation);
  expect(output.detector.pixelMask ? Array.from(output.detector.pixelMask) : null, label).toEqual(expected.mask);
  expect(firstDifference(frame.pixels!, expected.pixels), label).toBeNull();
  // Every bin the output mask marks holds the marker (the mask is "applied").
  if (output.detector.pixelMask) {
    const marker = markerOf(output.dtype);
    output.detector.pixelMask.forEach((m, o) => {
      if (m !== 0) expect(frame.pixels![o], `${label} bin ${o}`).toBe(marker);
    });
  }
}

describe('bin against the reference loop: simulated frames', () => {
  it("'small' uint32 (gap cross, dead and hot pixels, overloads, markers): b = 2…5 × sum/mean × plain/mask-aware × crop/pad", async () => {
    const series = injectHardCases(await simulated({ detector: 'small', frames: 1, distance: 0.06, seed: 3 }));
    for (const c of CASES) check(series.meta, series.frames[0]!, c);
    check(series.meta, series.frames[0]!, { factor: 2, overflow: 'clip' });
  });

  it("'small' uint16: widened sums, clipped sums, means", async () => {
    const series = injectHardCases(await simulated({ detector: 'small', frames: 1, dtype: 'uint16', distance: 0.06, seed: 5 }));
    for (const c of CASES.filter((c) => c.factor !== 5)) check(series.meta, series.frames[0]!, c);
    for (const factor of [2, 3]) check(series.meta, series.frames[0]!, { factor, overflow: 'clip' });
  });

  it("'eiger-500k' uint32 (514 rows: not a multiple of 4)", async () => {
    const series = injectHardCases(await simulated({ detector: 'eiger-500k', frames: 1, seed: 11 }));
    for (const c of CASES.filter((c) => c.factor === 2 || c.factor === 4)) check(series.meta, series.frames[0]!, c);
  });

  it('uint8 frames with a random mask and the pixel mask not applied', () => {
    const shape: [number, number] = [23, 31];
    let state = 9;
    const next = (n: number): number => {
      state = (Math.imul(state, 48271) + 11) >>> 0;
      return state % n;
    };
    const mask = Uint32Array.from({ length: 23 * 31 }, () => (next(9) === 0 ? [1, 2, 4, 16, 256, 2 ** 31][next(6)]! : 0));
    const base = testMeta({ shape, dtype: 'uint8', mask });
    const meta = { ...base, detector: { ...base.detector, pixelMaskApplied: false } };
    const pixels = Uint8Array.from({ length: 23 * 31 }, () => [0, 1, 2, 3, 100, 200, 253, 254, 255][next(9)]!);
    for (const c of CASES) check(meta, pixels, c);
    check(meta, pixels, { factor: 3, overflow: 'clip' });
  });
});

describe('bin: edge cases', () => {
  it('the smallest frames: 2x2 → 1x1, 2x3 padded, rows that are one bin tall', () => {
    const meta = testMeta({ shape: [2, 2], mask: null });
    check(meta, Uint32Array.from([1, 2, 3, 5]), { factor: 2 });
    check(meta, Uint32Array.from([1, 2, 3, 5]), { factor: 2, mode: 'mean' }); // 11 / 4 = 2.75 → 3
    check(meta, Uint32Array.from([1, 2, 2, 5]), { factor: 2, mode: 'mean' }); // 10 / 4 = 2.5 → 2 (even)
    check(meta, Uint32Array.from([1, 2, 4, 5]), { factor: 2, mode: 'mean' }); // 12 / 4 = 3
    check(meta, Uint32Array.from([3, 2, 4, 5]), { factor: 2, mode: 'mean' }); // 14 / 4 = 3.5 → 4 (even)
    const wide = testMeta({ shape: [2, 3], mask: null });
    for (const c of CASES.filter((c) => c.factor === 2)) check(wide, Uint32Array.from([1, 2, 3, 4, 5, 6]), c);
  });

  it('rounds half to even exactly, also for sums near 2^53', () => {
    const cases: [number, number][] = [[5, 2], [7, 2], [9, 4], [10, 4], [14, 4], [1, 3], [2, 3], [4, 8], [12, 8], [2 ** 52 + 1, 2], [2 ** 53 - 1, 3], [2 ** 50 + 7, 1023]];
    for (const [n, d] of cases) expect(divideHalfEven(n, d), `${n}/${d}`).toBe(halfEven(n, d));
  });

  it('refuses a frame that does not match the input description (INPUT, naming the frame)', () => {
    const meta = testMeta({ shape: [4, 4] });
    const options = binOptions({ factor: 2 });
    const output = binTransform.mapMeta(meta, { options });
    let error: unknown;
    try {
      binTransform.apply!([{ index: 5, shape: [4, 4], dtype: 'uint16', pixels: new Uint16Array(16) }], { options, input: meta, output, complete: true });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: ErrorCodes.INPUT, context: { frame: 5 } });
  });
});
