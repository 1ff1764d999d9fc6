import { describe, expect, it } from 'vitest';
import { ErrorCodes, type DatasetMeta, type Frame } from '@beamstack/contract';
import { testMeta } from '@beamstack/testkit';
import { sumTransform } from '../src/index.js';
import { firstDifference, markerOf, referenceCounts, referenceSum } from './reference.js';
import { pixelsOf, runSum, sumOptions } from './run.js';
import { injectHardCases, simulated, type Series } from './simulated.js';

/** Every output frame equals the reference over its window; dropped windows are null. */
function checkAgainstReference(series: Series, o: Parameters<typeof runSum>[1], n: number): void {
  const overflow = o.overflow ?? 'widen';
  const { output, frames } = runSum(series, o);
  const expected = referenceCounts(series.meta, n, overflow)!;
  expect({ dtype: output.dtype, saturation: output.detector.saturationValue }).toEqual(expected);
  const windows = Math.ceil(series.frames.length / n);
  expect(frames).toHaveLength(windows);
  frames.forEach((frame, k) => {
    const inputs = series.frames.slice(k * n, k * n + n);
    if (inputs.length < n && (o.partial ?? 'drop') === 'drop') {
      expect(frame, `window ${k}`).toBeNull();
      return;
    }
    expect(frame!.dtype).toBe(expected.dtype);
    expect(frame!.shape).toEqual(series.meta.shape);
    expect(firstDifference(pixelsOf(frame), referenceSum(inputs, series.meta, expected)), `window ${k}`).toBeNull();
  });
}

/** How many pixels of each kind a window has: the test data must reach every rule. */
function coverage(series: Series, n: number): { masked: number; overloaded: number; clipped: number } {
  const out = referenceCounts(series.meta, n, 'clip')!;
  const sums = referenceSum(series.frames.slice(0, n), series.meta, out);
  const marker = markerOf(series.meta.dtype);
  return {
    masked: sums.filter((v) => v === marker).length,
    overloaded: sums.filter((v) => v === out.saturation).length,
    clipped: referenceSum(series.frames.slice(0, n), series.meta, { ...out, saturation: Infinity }).filter((v) => v > out.saturation && v !== marker).length,
  };
}

describe('sum against the reference loop: simulated frames', () => {
  it("'small' uint32 with module gaps, dead and hot pixels, overloads and single-frame markers; N = 2, 3, 4, 7", async () => {
    const series = injectHardCases(await simulated({ detector: 'small', frames: 9, distance: 0.06, seed: 3 }));
    const c = coverage(series, 3);
    expect(c.masked).toBeGreaterThan(1000); // the gap cross + dead/hot pixels + injected markers
    expect(c.overloaded).toBeGreaterThan(10);
    for (const n of [2, 3, 4, 7]) {
      checkAgainstReference(series, { frames: n }, n);
      checkAgainstReference(series, { frames: n, partial: 'keep' }, n);
      checkAgainstReference(series, { frames: n, overflow: 'clip' }, n);
    }
  });

  it("'small' uint16: widens to uint32, or clips at 65533 with sums that reach it", async () => {
    const series = injectHardCases(await simulated({ detector: 'small', frames: 4, dtype: 'uint16', distance: 0.06, seed: 5 }));
    expect(coverage(series, 2).clipped).toBeGreaterThan(0);
    checkAgainstReference(series, { frames: 2 }, 2);
    checkAgainstReference(series, { frames: 2, overflow: 'clip' }, 2);
    checkAgainstReference(series, { frames: 4, overflow: 'clip' }, 4);
  });

  it("'eiger-500k' uint32, N = 2 and N = 5 (odd: three frames at once, then pairs)", async () => {
    const series = injectHardCases(await simulated({ detector: 'eiger-500k', frames: 5, seed: 11 }));
    checkAgainstReference(series, { frames: 2 }, 2);
    checkAgainstReference(series, { frames: 5 }, 5);
    checkAgainstReference(series, { width: 0.5 }, 5);
  });

  it('uint8 frames widen to uint16 (and stay uint8 with clip)', () => {
    const meta = testMeta({ dtype: 'uint8', shape: [33, 17], frameCount: 6 }); // saturation 254
    let state = 1;
    const frames = Array.from({ length: 6 }, () =>
      Uint8Array.from({ length: 33 * 17 }, () => {
        state = (Math.imul(state, 48271) + 11) >>> 0;
        return [0, 1, 2, 100, 200, 253, 254, 255][state % 8]!;
      }),
    );
    const series = { meta, frames };
    checkAgainstReference(series, { frames: 3 }, 3);
    checkAgainstReference(series, { frames: 3, overflow: 'clip' }, 3);
    checkAgainstReference(series, { frames: 6 }, 6);
  });
});

describe('sum: edge cases', () => {
  it('1-row frames', () => {
    const meta = testMeta({ shape: [1, 9], frameCount: 4 });
    const frames = [0, 1, 2, 3].map((k) => Uint32Array.from([0, 1, k, 1_999_999, 2_000_000, 0xffffffff, 2 ** 31, 5, k * 1000]));
    checkAgainstReference({ meta, frames }, { frames: 2 }, 2);
    checkAgainstReference({ meta, frames }, { frames: 3, partial: 'keep' }, 3);
  });

  it('N = the frame count gives one frame; a window reported incomplete is dropped or kept as told', () => {
    const meta = testMeta({ shape: [4, 4], frameCount: 3 });
    const frames = [1, 2, 3].map((v) => new Uint32Array(16).fill(v));
    const all = runSum({ meta, frames }, { frames: 3 });
    expect(all.output.frameCount).toBe(1);
    expect(Array.from(pixelsOf(all.frames[0]!))).toEqual(new Array(16).fill(6));
    const output = sumTransform.mapMeta(meta, { options: sumOptions({ frames: 3 }) });
    const window: Frame[] = frames.slice(0, 2).map((pixels, index) => ({ index, shape: meta.shape, dtype: meta.dtype, pixels: pixels.slice() }));
    // An earlier stage dropped a frame: the host says complete = false.
    expect(sumTransform.apply!(window, { options: sumOptions({ frames: 3 }), input: meta, output, complete: false })).toBeNull();
    const kept = sumTransform.apply!(window, { options: sumOptions({ frames: 3, partial: 'keep' }), input: meta, output, complete: false });
    expect(Array.from(pixelsOf(kept))).toEqual(new Array(16).fill(3));
    // Even a full-length window the host calls incomplete is not silently kept under 'drop'.
    expect(sumTransform.apply!(frames.map((p, index) => ({ index, shape: meta.shape, dtype: meta.dtype, pixels: p.slice() })), { options: sumOptions({ frames: 3 }), input: meta, output, complete: false })).toBeNull();
  });

  it('writes over the first frame only when the type stays, never into shared memory', () => {
    const meta = testMeta({ shape: [2, 2], frameCount: 2 });
    const output = sumTransform.mapMeta(meta, { options: sumOptions({ frames: 2 }) });
    const own = Uint32Array.from([1, 2, 3, 4]);
    const frame = (pixels: Uint32Array, index: number): Frame => ({ index, shape: meta.shape, dtype: meta.dtype, pixels });
    const out = sumTransform.apply!([frame(own, 0), frame(Uint32Array.from([1, 1, 1, 1]), 1)], { options: sumOptions({ frames: 2 }), input: meta, output, complete: true })!;
    expect(out.pixels).toBe(own);
    const shared = new Uint32Array(new SharedArrayBuffer(16)).fill(7);
    const fromShared = sumTransform.apply!([frame(shared, 0), frame(Uint32Array.from([1, 1, 1, 1]), 1)], { options: sumOptions({ frames: 2 }), input: meta, output, complete: true })!;
    expect(fromShared.pixels).not.toBe(shared);
    expect(Array.from(shared)).toEqual([7, 7, 7, 7]);
    expect(Array.from(fromShared.pixels!)).toEqual([8, 8, 8, 8]);
  });

  it('refuses frames that do not match the input description (INPUT, naming the frame)', () => {
    const meta: DatasetMeta = testMeta({ shape: [4, 4], frameCount: 2 });
    const options = sumOptions({ frames: 2 });
    const output = sumTransform.mapMeta(meta, { options });
    const good: Frame = { index: 0, shape: [4, 4], dtype: 'uint32', pixels: new Uint32Array(16) };
    for (const bad of [
      { index: 1, shape: [4, 3], dtype: 'uint32', pixels: new Uint32Array(12) },
      { index: 1, shape: [4, 4], dtype: 'uint16', pixels: new Uint16Array(16) },
      { index: 1, shape: [4, 4], dtype: 'uint32', encoded: { codec: 'bslz4', params: {}, bytes: new Uint8Array(4) } },
    ] as Frame[]) {
      let error: unknown;
      try {
        sumTransform.apply!([good, bad], { options, input: meta, output, complete: true });
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ code: ErrorCodes.INPUT, context: { frame: 1 } });
    }
  });
});
