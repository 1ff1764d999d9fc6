import { describe, expect, it } from 'vitest';
import type { DatasetMeta } from '@beamstack/contract';
import { resolutionAt, twoThetaAt } from '@beamstack/source-simulate';
import { testMeta } from '@beamstack/testkit';
import { roiTransform, type Rect } from '../src/index.js';
import { simulation } from './helpers.js';

/**
 * The independent answer, by brute force over every pixel centre with source-simulate's own
 * geometry (resolutionAt ∘ twoThetaAt): the bounding box of all pixels with d >= dmin.
 */
function bruteForce(meta: DatasetMeta, dmin: number): Rect | null {
  const [height, width] = meta.shape;
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const d = resolutionAt(meta.beam.wavelength_A, twoThetaAt(meta.detector, col + 0.5, row + 0.5));
      if (d < dmin) continue;
      x0 = Math.min(x0, col);
      x1 = Math.max(x1, col);
      y0 = Math.min(y0, row);
      y1 = Math.max(y1, row);
    }
  }
  return x0 > x1 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/** What the stage chose, read back from its output description (shape and beam-centre shift). */
function chosen(meta: DatasetMeta, dmin: number): Rect {
  const out = roiTransform.mapMeta(meta, { options: { dmin } });
  const x = Math.round(meta.detector.beamCenter_px[0] - out.detector.beamCenter_px[0]);
  const y = Math.round(meta.detector.beamCenter_px[1] - out.detector.beamCenter_px[1]);
  return { x, y, width: out.shape[1], height: out.shape[0] };
}

function withGeometry(base: DatasetMeta, geometry: { beam?: [number, number]; distance?: number; pixel?: [number, number]; wavelength?: number }): DatasetMeta {
  return {
    ...base,
    beam: { ...base.beam, wavelength_A: geometry.wavelength ?? base.beam.wavelength_A },
    detector: {
      ...base.detector,
      beamCenter_px: geometry.beam ?? base.detector.beamCenter_px,
      distance_m: geometry.distance ?? base.detector.distance_m,
      pixelSize_m: geometry.pixel ?? base.detector.pixelSize_m,
    },
  };
}

describe('roi dmin: the smallest rectangle with every pixel of d >= dmin (brute force over pixels)', () => {
  it('on the simulated eiger-500k geometry, from inside the detector to beyond its corners', async () => {
    const { meta } = await simulation({ detector: 'eiger-500k', frames: 1 });
    for (const dmin of [40, 12, 6.5, 5, 4.2, 4.0]) {
      const expected = bruteForce(meta, dmin)!;
      expect(chosen(meta, dmin), `dmin ${dmin}`).toEqual(expected);
    }
    // Beyond the farthest corner every pixel qualifies: the whole frame, the description unchanged.
    expect(bruteForce(meta, 3.5)).toEqual({ x: 0, y: 0, width: 1030, height: 514 });
    expect(roiTransform.mapMeta(meta, { options: { dmin: 3.5 } })).toBe(meta);
  });

  it('on the small detector at 60 mm and a short wavelength', async () => {
    const { meta } = await simulation({ detector: 'small', frames: 1, distance: 0.06, wavelength: 0.7 });
    for (const dmin of [30, 10, 5, 3]) expect(chosen(meta, dmin), `dmin ${dmin}`).toEqual(bruteForce(meta, dmin));
  });

  it('when the beam is off-centre, near a corner or off the detector (corners decide, clipped to the frame)', () => {
    const base = testMeta({ shape: [300, 400] });
    const cases: { beam: [number, number]; dmin: number; pixel?: [number, number]; distance?: number }[] = [
      { beam: [5.3, 7.9], dmin: 8 },
      { beam: [399.5, 299.5], dmin: 10 },
      { beam: [-40.2, 150.0], dmin: 6 },
      { beam: [200.0, 350.7], dmin: 5 },
      { beam: [-30.5, -20.25], dmin: 4 },
      { beam: [123.5, 77.5], dmin: 20 },
      { beam: [200.25, 150.75], dmin: 9, pixel: [75e-6, 172e-6] },
      { beam: [200.25, 150.75], dmin: 3, distance: 0.05 },
    ];
    for (const c of cases) {
      const meta = withGeometry(base, c);
      expect(chosen(meta, c.dmin), JSON.stringify(c)).toEqual(bruteForce(meta, c.dmin));
    }
  });

  it('many limits on one off-centre geometry agree with the brute force', () => {
    const meta = withGeometry(testMeta({ shape: [500, 600] }), { beam: [310.37, 240.81] });
    for (let dmin = 3.2; dmin < 30; dmin *= 1.37) {
      const r = chosen(meta, dmin);
      expect(r).toEqual(bruteForce(meta, dmin));
    }
  });

  it('random geometries agree with the brute force', () => {
    let seed = 12345;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 25; trial++) {
      const shape: [number, number] = [40 + Math.floor(random() * 120), 40 + Math.floor(random() * 160)];
      const meta = withGeometry(testMeta({ shape }), {
        beam: [random() * shape[1] * 1.6 - shape[1] * 0.3, random() * shape[0] * 1.6 - shape[0] * 0.3],
        distance: 0.01 + random() * 0.2,
        wavelength: 0.5 + random() * 1.5,
      });
      const dmin = 1 + random() * 20;
      const expected = bruteForce(meta, dmin);
      if (expected === null) {
        expect(() => chosen(meta, dmin)).toThrow(/selects no pixel/);
      } else {
        expect(chosen(meta, dmin), `trial ${trial}`).toEqual(expected);
      }
    }
  });

  it('gives the whole frame when dmin is at or below λ/2 (no pixel can be finer)', () => {
    const meta = testMeta({ shape: [64, 80] });
    expect(roiTransform.mapMeta(meta, { options: { dmin: meta.beam.wavelength_A / 2 } })).toBe(meta);
    expect(roiTransform.mapMeta(meta, { options: { dmin: 0.1 } })).toBe(meta);
  });
});
