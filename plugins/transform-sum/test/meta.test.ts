import { describe, expect, it } from 'vitest';
import { ErrorCodes, type DatasetMeta } from '@beamstack/contract';
import { testMeta } from '@beamstack/testkit';
import { sumTransform, type SumOptions } from '../src/index.js';
import { referenceCounts } from './reference.js';

const opts = (o: Partial<SumOptions>): SumOptions => ({ overflow: 'widen', partial: 'drop', ...o });
const map = (meta: DatasetMeta, o: Partial<SumOptions>): DatasetMeta => sumTransform.mapMeta(meta, { options: opts(o) });
const window = (meta: DatasetMeta, o: Partial<SumOptions>): number => sumTransform.window!(meta, { options: opts(o) });

function thrown(fn: () => unknown): { code?: string; message?: string; context?: { option?: string; frame?: number } } {
  try {
    fn();
  } catch (e) {
    return e as { code: string; message: string; context: { option?: string } };
  }
  throw new Error('expected an error');
}

describe('sum: window size from frames or width', () => {
  const meta = testMeta({ frameCount: 20 });

  it('takes N from frames, or from width / increment', () => {
    expect(window(meta, { frames: 4 })).toBe(4);
    expect(window(meta, { width: 0.5 })).toBe(5); // 0.5 / 0.1 = 5.000000000000001
    expect(window(meta, { width: 2 })).toBe(20); // N = frame count: one output frame
    expect(window({ ...meta, scan: { ...meta.scan, increment_deg: -0.25 } }, { width: 1 })).toBe(4); // a negative rotation sense
  });

  it('refuses inconsistent or impossible requests with an OPTIONS error naming the option', () => {
    const cases: [Partial<SumOptions>, DatasetMeta, string, RegExp][] = [
      [{}, meta, 'frames', /frames \(N >= 2\) or width/],
      [{ frames: 2, width: 0.2 }, meta, 'width', /not both/],
      [{ width: 0.25 }, meta, 'width', /not a whole number of 0.1° frames \(2.5 frames\)/],
      [{ width: 0.1 }, meta, 'width', /1 frame\(s\) of 0.1°; summing needs at least 2/],
      [{ width: 0.4 }, { ...meta, scan: { ...meta.scan, increment_deg: 0 } }, 'width', /needs a rotation scan/],
      [{ frames: 21 }, meta, 'frames', /at least 21 input frames; the series has 20/],
      [{ frames: 1 }, meta, 'frames', /integer >= 2/],
      [{ frames: 3000 }, testMeta({ frameCount: 5000, shape: [4371, 4150] }), 'frames', /GB; the host holds a whole window/],
    ];
    for (const [o, m, option, message] of cases) {
      const error = thrown(() => window(m, o));
      expect(error.code, JSON.stringify(o)).toBe(ErrorCodes.OPTIONS);
      expect(error.context?.option, JSON.stringify(o)).toBe(option);
      expect(error.message, JSON.stringify(o)).toMatch(message);
      // mapMeta checks the same things (the host calls both)
      expect(thrown(() => map(m, o)).code).toBe(ErrorCodes.OPTIONS);
    }
  });

  it('allows N > frames with partial: keep (one short frame)', () => {
    expect(window(meta, { frames: 30, partial: 'keep' })).toBe(30);
    expect(map(meta, { frames: 30, partial: 'keep' }).frameCount).toBe(1);
  });
});

describe('sum: the summed description', () => {
  const meta = testMeta({ frameCount: 11, mask: new Uint32Array(514 * 1030).fill(0, 0).map((_, i) => (i % 97 === 0 ? 2 : 0)) });

  it('multiplies exposure, frame time, oscillation and saturation by N; keeps the mask and the geometry', () => {
    const out = map(meta, { frames: 4 });
    expect(out.frameCount).toBe(2); // floor(11 / 4): the short last window is dropped
    expect(out.detector.countTime_s).toBeCloseTo(meta.detector.countTime_s * 4, 12);
    expect(out.detector.frameTime_s).toBeCloseTo(meta.detector.frameTime_s * 4, 12);
    expect(out.detector.readoutTime_s).toBe(meta.detector.readoutTime_s);
    expect(out.scan.increment_deg).toBeCloseTo(0.4, 12);
    expect(out.scan.start_deg).toBe(0);
    expect(out.scan.angles_deg).toBeNull();
    expect(out.detector.saturationValue).toBe(8_000_000);
    expect(out.dtype).toBe('uint32');
    expect(out.detector.pixelMask).toBe(meta.detector.pixelMask); // same pixels, same mask
    expect(out.detector.pixelMaskApplied).toBe(true);
    expect(out.detector.beamCenter_px).toEqual(meta.detector.beamCenter_px);
    expect(out.detector.pixelSize_m).toEqual(meta.detector.pixelSize_m);
    expect(out.shape).toEqual(meta.shape);
    expect(out.extras['nframes_sum']).toBe(4);
    expect(map(meta, { frames: 4, partial: 'keep' }).frameCount).toBe(3); // ceil
    expect(map(meta, { frames: 11 }).frameCount).toBe(1);
  });

  it('multiplies an nframes_sum the detector already applied', () => {
    expect(map({ ...meta, extras: { nframes_sum: 3 } }, { frames: 2 }).extras['nframes_sum']).toBe(6);
  });

  it("starts each output frame at its window's first angle when angles are listed", () => {
    // After select '1:4,9:12': two runs of 4 contiguous frames.
    const angles = [0, 0.1, 0.2, 0.3, 0.8, 0.9, 1.0, 1.1];
    const selected = { ...meta, frameCount: 8, scan: { ...meta.scan, angles_deg: angles } };
    const out = map(selected, { frames: 4 });
    expect(out.scan.angles_deg).toEqual([0, 0.8]);
    expect(out.scan.increment_deg).toBeCloseTo(0.4, 12);
    // Listed angles that happen to be regular collapse to start + k·increment.
    const regular = map({ ...selected, scan: { ...selected.scan, angles_deg: angles.map((_, i) => 5 + i * 0.1) } }, { frames: 2 });
    expect(regular.scan.angles_deg).toBeNull();
    expect(regular.scan.start_deg).toBe(5);
  });

  it('refuses to sum frames that are not one continuous rotation (INPUT, naming the frame)', () => {
    const strided = { ...meta, frameCount: 6, scan: { ...meta.scan, angles_deg: [0, 1, 2, 3, 4, 5] } }; // select '::10'
    const error = thrown(() => map(strided, { frames: 2 }));
    expect(error.code).toBe(ErrorCodes.INPUT);
    expect(error.context?.frame).toBe(1);
    expect(error.message).toMatch(/not one continuous rotation/);
  });

  it('widens uint8 → uint16 → uint32 only when N × saturation needs it', () => {
    const u8 = testMeta({ dtype: 'uint8', frameCount: 10 }); // saturation 254
    expect(map(u8, { frames: 2 })).toMatchObject({ dtype: 'uint16', detector: { saturationValue: 508, bitDepthImage: 16 } });
    const u16 = testMeta({ dtype: 'uint16', frameCount: 100, shape: [16, 16] }); // saturation 65534
    expect(map(u16, { frames: 2 })).toMatchObject({ dtype: 'uint32', detector: { saturationValue: 131068, bitDepthImage: 32 } });
    const low = { ...u16, detector: { ...u16.detector, saturationValue: 1000 } };
    expect(map(low, { frames: 10 })).toMatchObject({ dtype: 'uint16', detector: { saturationValue: 10000, bitDepthImage: 16 } });
    expect(map(low, { frames: 66 })).toMatchObject({ dtype: 'uint32', detector: { saturationValue: 66000 } });
    for (const [m, n] of [[u8, 2], [u16, 2], [low, 66], [testMeta({ frameCount: 10 }), 7]] as const) {
      const out = map(m, { frames: n });
      expect({ dtype: out.dtype, saturation: out.detector.saturationValue }).toEqual({ ...referenceCounts(m, n, 'widen') });
    }
  });

  it("with overflow: 'clip' keeps the type and lowers the saturation to the type's ceiling", () => {
    const u16 = testMeta({ dtype: 'uint16', frameCount: 10 });
    expect(map(u16, { frames: 3, overflow: 'clip' })).toMatchObject({ dtype: 'uint16', detector: { saturationValue: 65533, bitDepthImage: 16 } });
    const low = { ...u16, detector: { ...u16.detector, saturationValue: 1000 } };
    expect(map(low, { frames: 3, overflow: 'clip' }).detector.saturationValue).toBe(3000);
  });

  it("refuses 'widen' when not even uint32 holds N × saturation, naming overflow", () => {
    const u32 = testMeta({ frameCount: 2000, shape: [16, 16] }); // saturation 2 000 000: 1073 frames fit below 2^31 − 2
    expect(map(u32, { frames: 1073 }).detector.saturationValue).toBe(2_146_000_000);
    const error = thrown(() => map(u32, { frames: 1074 }));
    expect(error.code).toBe(ErrorCodes.OPTIONS);
    expect(error.context?.option).toBe('overflow');
    expect(error.message).toMatch(/use overflow: 'clip'/);
    expect(map(u32, { frames: 1074, overflow: 'clip' }).detector.saturationValue).toBe(2 ** 31 - 3);
  });

  it('refuses signed frames and a saturation value below 1 (INPUT)', () => {
    expect(thrown(() => map(testMeta({ dtype: 'int32' }), { frames: 2 })).code).toBe(ErrorCodes.INPUT);
    const zero = testMeta();
    expect(thrown(() => map({ ...zero, detector: { ...zero.detector, saturationValue: 0 } }, { frames: 2 })).code).toBe(ErrorCodes.INPUT);
  });
});
