import { describe, expect, it } from 'vitest';
import { MaskBits, detectorGeometry, isGapPixel, pixelToLab, rayToPixel, simulatedCrystal, simulatedSpots } from '../src/index.js';
import type { Vec3 } from '../src/index.js';
import { openSimulation } from './helpers.js';

describe('simulate: eiger-4m module gaps', () => {
  it('sets mask bit 0 exactly on the gap rows and columns', async () => {
    const { meta } = await openSimulation({ detector: 'eiger-4m' });
    const [height, width] = meta.shape;
    const mask = meta.detector.pixelMask!;
    const gapBit = (col: number, row: number): number => mask[row * width + col]! & MaskBits.gap;
    // Module rows start at 0, 551, 1102, 1653 (514 rows + 37 gap rows); columns at 0 and 1040.
    for (const row of [514, 530, 550, 1065, 1101, 1616, 1652]) {
      for (const col of [0, 500, 1035, 2069]) expect(gapBit(col, row), `row ${row} col ${col}`).toBe(1);
    }
    for (const col of [1030, 1035, 1039]) {
      for (const row of [0, 700, 2166]) expect(gapBit(col, row), `col ${col} row ${row}`).toBe(1);
    }
    for (const [col, row] of [
      [0, 0],
      [1029, 513],
      [1040, 551],
      [2069, 2166],
      [1029, 1101 + 1],
      [1040, 1652 + 1],
    ] as const) {
      expect(gapBit(col, row), `sensitive ${col},${row}`).toBe(0);
    }
    // Gap bits agree with the geometry predicate everywhere.
    const geometry = detectorGeometry('eiger-4m');
    let mismatches = 0;
    for (let row = 0; row < height; row++) {
      for (let col = 0; col < width; col++) {
        if ((gapBit(col, row) === 1) !== isGapPixel(geometry, col, row)) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
    // A handful of dead and hot pixels, flagged only inside modules.
    let dead = 0;
    let hot = 0;
    for (let i = 0; i < mask.length; i++) {
      const bits = mask[i]!;
      if (bits & MaskBits.dead) dead++;
      if (bits & MaskBits.hot) hot++;
      if ((bits & (MaskBits.dead | MaskBits.hot)) !== 0) expect(bits & MaskBits.gap).toBe(0);
    }
    expect(dead).toBe(8 * 3);
    expect(hot).toBe(8 * 4);
  });

  it('renders one 4M frame with every gap pixel at 2^32 − 1', async () => {
    const sim = await openSimulation({ detector: 'eiger-4m', frames: 2 });
    const frame = sim.render(1);
    expect(frame.shape).toEqual([2167, 2070]);
    expect(frame.dtype).toBe('uint32');
    const pixels = frame.pixels as Uint32Array;
    expect(pixels).toBeInstanceOf(Uint32Array);
    const mask = sim.meta.detector.pixelMask!;
    const saturation = sim.meta.detector.saturationValue;
    let wrong = 0;
    let over = 0;
    for (let i = 0; i < pixels.length; i++) {
      if ((mask[i] !== 0) !== (pixels[i] === 0xffffffff)) wrong++;
      if (mask[i] === 0 && pixels[i]! > saturation) over++;
    }
    expect(wrong).toBe(0);
    expect(over).toBe(0);
    expect(pixels[600 * 2070 + 1035]).toBe(0xffffffff);
    expect(pixels[530 * 2070 + 10]).toBe(0xffffffff);
  });
});

describe('simulate: pixel ↔ lab geometry (NXmx/McStas)', () => {
  const meta = {
    detector: { pixelSize_m: [75e-6, 75e-6] as const, beamCenter_px: [1000.25, 900.5] as const, distance_m: 0.2 },
  };

  it('puts the beam centre on the beam axis and the axes along −x and −y', () => {
    expect(pixelToLab(meta, 1000.25, 900.5)).toEqual([0, 0, 200]);
    const [x1, y1, z1] = pixelToLab(meta, 1001.25, 900.5);
    expect(x1).toBeCloseTo(-0.075, 12);
    expect(y1).toBeCloseTo(0, 12);
    expect(z1).toBe(200);
    const [x2, y2] = pixelToLab(meta, 1000.25, 902.5);
    expect(x2).toBeCloseTo(0, 12);
    expect(y2).toBeCloseTo(-0.15, 12);
  });

  it('maps binned and cropped coordinates to the same lab position', () => {
    const binned = { detector: { pixelSize_m: [150e-6, 150e-6] as const, beamCenter_px: [500.125, 450.25] as const, distance_m: 0.2 } };
    const cropped = { detector: { pixelSize_m: [75e-6, 75e-6] as const, beamCenter_px: [1000.25 - 300, 900.5 - 200] as const, distance_m: 0.2 } };
    for (const [fast, slow] of [[12.3, 45.6], [1500, 2000.75], [1000.25, 0]] as const) {
      const lab = pixelToLab(meta, fast, slow);
      const viaBin = pixelToLab(binned, fast / 2, slow / 2);
      const viaCrop = pixelToLab(cropped, fast - 300, slow - 200);
      for (let axis = 0; axis < 3; axis++) {
        expect(viaBin[axis]).toBeCloseTo(lab[axis]!, 9);
        expect(viaCrop[axis]).toBeCloseTo(lab[axis]!, 9);
      }
    }
  });

  it('rayToPixel inverts pixelToLab', () => {
    for (const [fast, slow] of [[0, 0], [1234.5, 17.25], [2069.9, 2166.1]] as const) {
      const hit = rayToPixel(meta.detector, pixelToLab(meta, fast, slow));
      expect(hit![0]).toBeCloseTo(fast, 9);
      expect(hit![1]).toBeCloseTo(slow, 9);
    }
    expect(rayToPixel(meta.detector, [0, 0, -1])).toBeNull();
  });
});

describe('simulate: spots obey the diffraction geometry', () => {
  it('places every listed spot where R(omega)·A·hkl meets the Ewald sphere', async () => {
    const input = { detector: 'eiger-500k', frames: 10, startAngle: 30, oscillation: 0.2 } as const;
    const { meta } = await openSimulation(input);
    const crystal = simulatedCrystal(input);
    const spots = simulatedSpots(input);
    expect(spots.length).toBeGreaterThan(50);
    const lambda = meta.beam.wavelength_A;
    const A = crystal.orientation;
    for (const spot of spots) {
      expect(spot.frame).toBeGreaterThanOrEqual(0);
      expect(spot.frame).toBeLessThan(10);
      expect(spot.omega_deg).toBeCloseTo(30 + 0.2 * spot.frame, 9);
      // Diffracted direction from the detector position (mm) through the sample.
      const lab = pixelToLab(meta, spot.x, spot.y);
      const length = Math.hypot(...lab);
      const s1: Vec3 = [lab[0] / length / lambda, lab[1] / length / lambda, lab[2] / length / lambda];
      const r: Vec3 = [s1[0], s1[1], s1[2] - 1 / lambda];
      // Independent rotation about the omega axis (−1, 0, 0): a right-handed turn by ω about −x.
      const [h, k, l] = spot.hkl;
      const r0: Vec3 = [A[0]! * h + A[1]! * k + A[2]! * l, A[3]! * h + A[4]! * k + A[5]! * l, A[6]! * h + A[7]! * k + A[8]! * l];
      const w = (spot.omega_deg * Math.PI) / 180;
      const rotated: Vec3 = [r0[0], r0[1] * Math.cos(w) + r0[2] * Math.sin(w), -r0[1] * Math.sin(w) + r0[2] * Math.cos(w)];
      for (let axis = 0; axis < 3; axis++) expect(r[axis]).toBeCloseTo(rotated[axis]!, 9);
      expect(spot.resolution_A).toBeCloseTo(1 / Math.hypot(...r0), 9);
      expect(spot.resolution_A).toBeGreaterThanOrEqual(crystal.dLimit_A);
    }
  });
});
