import { describe, expect, it } from 'vitest';
import { ErrorCodes, type DatasetMeta } from '@beamstack/contract';
import { testMeta } from '@beamstack/testkit';
import { pixelToLab } from '@beamstack/source-simulate';
import { binTransform, GAP_BIT } from '../src/index.js';
import { referenceBin, type BinCase } from './reference.js';
import { binOptions } from './run.js';

const map = (meta: DatasetMeta, c: Partial<BinCase> & { factor: number }): DatasetMeta => binTransform.mapMeta(meta, { options: binOptions(c) });

function thrown(fn: () => unknown): { code?: string; message?: string; context?: { option?: string } } {
  try {
    fn();
  } catch (e) {
    return e as { code: string; message: string; context: { option?: string } };
  }
  throw new Error('expected an error');
}

describe('bin: shape and geometry', () => {
  const meta = testMeta({ shape: [515, 1031], beamCenter_px: [484.35, 220.52] });

  it('crops to whole bins or pads to partial ones', () => {
    expect(map(meta, { factor: 2 }).shape).toEqual([257, 515]);
    expect(map(meta, { factor: 2, edges: 'pad' }).shape).toEqual([258, 516]);
    expect(map(meta, { factor: 4 }).shape).toEqual([128, 257]);
    expect(map(testMeta({ shape: [8, 8] }), { factor: 8 }).shape).toEqual([1, 1]);
  });

  it('refuses a factor larger than the frame (1-row frames included) naming factor', () => {
    for (const [shape, factor, edges] of [
      [[1, 100], 2, 'crop'],
      [[1, 100], 2, 'pad'],
      [[100, 3], 4, 'pad'],
      [[7, 7], 8, 'crop'],
    ] as const) {
      const error = thrown(() => map(testMeta({ shape: [...shape] }), { factor, edges }));
      expect(error).toMatchObject({ code: ErrorCodes.OPTIONS, context: { option: 'factor' } });
      expect(error.message).toMatch(/larger than the .* frame/);
    }
  });

  it('makes pixels b times larger and puts the beam at the same physical point (x / b)', () => {
    for (const factor of [2, 3, 4]) {
      for (const edges of ['crop', 'pad'] as const) {
        const out = map(meta, { factor, edges });
        expect(out.detector.pixelSize_m[0]).toBeCloseTo(75e-6 * factor, 15);
        expect(out.detector.pixelSize_m[1]).toBeCloseTo(75e-6 * factor, 15);
        expect(out.detector.beamCenter_px[0]).toBeCloseTo(484.35 / factor, 12);
        expect(out.detector.beamCenter_px[1]).toBeCloseTo(220.52 / factor, 12);
        // The NXmx writer's module_offset is beam centre × pixel size: unchanged in mm.
        expect(out.detector.beamCenter_px[0] * out.detector.pixelSize_m[0]).toBeCloseTo(484.35 * 75e-6, 15);
        // Any detector point: input (x, y) and output (x/b, y/b) are the same lab position.
        for (const [x, y] of [[0, 0], [10.25, 700.5], [1031, 515], [484.35, 220.52]] as const) {
          const before = pixelToLab(meta, x, y);
          const after = pixelToLab(out, x / factor, y / factor);
          for (let k = 0; k < 3; k++) expect(after[k]).toBeCloseTo(before[k]!, 9);
        }
      }
    }
  });

  it('leaves times, scan, frame count and wavelength alone', () => {
    const out = map(meta, { factor: 2 });
    expect(out.frameCount).toBe(meta.frameCount);
    expect(out.scan).toEqual(meta.scan);
    expect(out.beam).toEqual(meta.beam);
    expect(out.detector.countTime_s).toBe(meta.detector.countTime_s);
    expect(out.detector.distance_m).toBe(meta.detector.distance_m);
  });
});

describe('bin: counts and mask in the description', () => {
  it('multiplies the saturation by b² for sums, widening the type when needed', () => {
    expect(map(testMeta(), { factor: 2 })).toMatchObject({ dtype: 'uint32', detector: { saturationValue: 8_000_000, bitDepthImage: 32 } });
    expect(map(testMeta({ dtype: 'uint16' }), { factor: 2 })).toMatchObject({ dtype: 'uint32', detector: { saturationValue: 4 * 65534, bitDepthImage: 32 } });
    expect(map(testMeta({ dtype: 'uint8' }), { factor: 3 })).toMatchObject({ dtype: 'uint16', detector: { saturationValue: 9 * 254, bitDepthImage: 16 } });
    expect(map(testMeta({ dtype: 'uint16' }), { factor: 2, overflow: 'clip' })).toMatchObject({ dtype: 'uint16', detector: { saturationValue: 65533 } });
  });

  it('keeps type and saturation for means (within the ceiling of the type)', () => {
    expect(map(testMeta(), { factor: 4, mode: 'mean' })).toMatchObject({ dtype: 'uint32', detector: { saturationValue: 2_000_000 } });
    expect(map(testMeta({ dtype: 'uint16' }), { factor: 4, mode: 'mean' })).toMatchObject({ dtype: 'uint16', detector: { saturationValue: 65533 } });
  });

  it("refuses 'widen' when uint32 cannot hold b² x saturation, naming overflow", () => {
    const big = testMeta();
    const error = thrown(() => map({ ...big, detector: { ...big.detector, saturationValue: 200_000_000 } }, { factor: 4 }));
    expect(error).toMatchObject({ code: ErrorCodes.OPTIONS, context: { option: 'overflow' } });
  });

  it('ORs the mask bits of each bin; mask-aware binning masks only bins with fewer than half valid pixels', () => {
    const shape: [number, number] = [4, 6];
    // bin (0,0): one dead pixel (bit 1); bin (0,1): gap (bit 0) + noisy (bit 4), 3 of 4 masked;
    // bin (1,2): user bit 8 on two pixels (exactly half valid).
    const mask = new Uint32Array(24);
    mask[0] = 2;
    mask[2] = 1;
    mask[3] = 1;
    mask[8] = 16;
    mask[16] = 256;
    mask[23] = 256;
    const meta = testMeta({ shape, mask });
    const plain = map(meta, { factor: 2 });
    expect(Array.from(plain.detector.pixelMask!)).toEqual([2, 17, 0, 0, 0, 256]);
    expect(plain.detector.pixelMaskApplied).toBe(true);
    const aware = map(meta, { factor: 2, maskAware: true });
    expect(Array.from(aware.detector.pixelMask!)).toEqual([0, 17, 0, 0, 0, 0]);
    for (const c of [{ factor: 2 }, { factor: 2, maskAware: true }, { factor: 4, edges: 'pad' as const }, { factor: 3, maskAware: true, edges: 'pad' as const }]) {
      expect(Array.from(map(meta, c).detector.pixelMask!), JSON.stringify(c)).toEqual(referenceBin(null, meta, binOptions(c)).mask);
    }
  });

  it("marks the missing part of padded edge bins as gap (bit 0), even without an input mask", () => {
    const meta = testMeta({ shape: [5, 7], mask: null });
    expect(map(meta, { factor: 2 }).detector.pixelMask).toBeNull();
    const padded = map(meta, { factor: 2, edges: 'pad' });
    const m = Array.from(padded.detector.pixelMask!);
    expect(padded.shape).toEqual([3, 4]);
    expect(m).toEqual([0, 0, 0, GAP_BIT, 0, 0, 0, GAP_BIT, GAP_BIT, GAP_BIT, GAP_BIT, GAP_BIT]);
    // Mask-aware: the last column's bins have 2 of 4 pixels (kept), the corner 1 of 4 (masked).
    expect(Array.from(map(meta, { factor: 2, edges: 'pad', maskAware: true }).detector.pixelMask!)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, GAP_BIT]);
  });

  it('refuses signed frames (INPUT)', () => {
    expect(thrown(() => map(testMeta({ dtype: 'int32' }), { factor: 2 })).code).toBe(ErrorCodes.INPUT);
  });
});
