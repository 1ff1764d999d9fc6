import type { PixelArray } from '@beamstack/contract';
import { describe, expect, it } from 'vitest';
import { simulatedCrystal, simulatedSpots } from '../src/index.js';
import type { SimulatedSpot } from '../src/index.js';
import { openSimulation, pixelsOf } from './helpers.js';

/** Spots far from other spots (any frame nearby), the beamstop, the mask and the image edge. */
function isolatedSpots(spots: readonly SimulatedSpot[], mask: Uint32Array, width: number, height: number): SimulatedSpot[] {
  return spots.filter((spot) => {
    if (spot.transmission < 1 || spot.x < 8 || spot.y < 8 || spot.x > width - 8 || spot.y > height - 8) return false;
    for (let row = Math.floor(spot.y) - 5; row <= Math.floor(spot.y) + 5; row++) {
      for (let col = Math.floor(spot.x) - 5; col <= Math.floor(spot.x) + 5; col++) if (mask[row * width + col] !== 0) return false;
    }
    return spots.every(
      (other) => other === spot || Math.abs(other.frame - spot.frame) > 6 || Math.hypot(other.x - spot.x, other.y - spot.y) > 12,
    );
  });
}

function valueAt(pixels: PixelArray, width: number, col: number, row: number): number {
  return pixels[row * width + col]!;
}

describe('simulate: Bragg spots', () => {
  it('lists spots that show as local maxima at the predicted place on the frame where they peak (small)', async () => {
    const input = { detector: 'small', frames: 12, distance: 0.06, spots: 40 } as const;
    const sim = await openSimulation(input);
    const [height, width] = sim.meta.shape;
    const spots = simulatedSpots(input);
    expect(spots.length).toBeGreaterThan(20);
    const expected = simulatedCrystal(input).expectedSpotsPerFrame * 12;
    expect(spots.length).toBeGreaterThan(expected * 0.7);
    expect(spots.length).toBeLessThan(expected * 1.3);
    const mask = sim.meta.detector.pixelMask!;
    const checked = isolatedSpots(spots, mask, width, height).filter((s) => s.intensity > 2000 && s.sigmaFrames < 3);
    expect(checked.length).toBeGreaterThan(5);
    const frames = new Map<number, PixelArray>();
    for (const spot of checked) {
      const index = Math.floor(spot.frame);
      if (!frames.has(index)) frames.set(index, pixelsOf(sim.render(index)).slice());
      const pixels = frames.get(index)!;
      // Brightest pixel within 1.5 px of the prediction …
      let best = -1;
      let bestCol = 0;
      let bestRow = 0;
      for (let row = Math.floor(spot.y) - 2; row <= Math.floor(spot.y) + 2; row++) {
        for (let col = Math.floor(spot.x) - 2; col <= Math.floor(spot.x) + 2; col++) {
          if (Math.hypot(col + 0.5 - spot.x, row + 0.5 - spot.y) > 1.5) continue;
          const value = valueAt(pixels, width, col, row);
          if (value > best) [best, bestCol, bestRow] = [value, col, row];
        }
      }
      // … is the maximum of its 9 × 9 neighbourhood and far above the background.
      for (let row = bestRow - 4; row <= bestRow + 4; row++) {
        for (let col = bestCol - 4; col <= bestCol + 4; col++) {
          expect(valueAt(pixels, width, col, row), `spot ${spot.hkl} on frame ${index}`).toBeLessThanOrEqual(best);
        }
      }
      expect(best, `spot ${spot.hkl}`).toBeGreaterThan(50);
    }
  });

  it('puts the centroid and the integrated counts of a spot where simulatedSpots says (eiger-500k)', async () => {
    const input = { detector: 'eiger-500k', frames: 20 } as const;
    const sim = await openSimulation(input);
    const [height, width] = sim.meta.shape;
    const saturation = sim.meta.detector.saturationValue;
    const spots = isolatedSpots(simulatedSpots(input), sim.meta.detector.pixelMask!, width, height).filter(
      (s) => !s.strong && s.intensity > 3000 && s.frame > 5 && s.frame < 15 && s.sigmaFrames < 1.2 && s.sigma_px < 1.3,
    );
    expect(spots.length).toBeGreaterThan(3);
    const rendered = new Map<number, PixelArray>();
    const frame = (index: number): PixelArray => {
      if (!rendered.has(index)) rendered.set(index, pixelsOf(sim.render(index)).slice());
      return rendered.get(index)!;
    };
    for (const spot of spots.slice(0, 6)) {
      const first = Math.max(0, Math.floor(spot.frame - 4 * spot.sigmaFrames));
      const last = Math.min(19, Math.floor(spot.frame + 4 * spot.sigmaFrames));
      let total = 0;
      let sumX = 0;
      let sumY = 0;
      for (let index = first; index <= last; index++) {
        const pixels = frame(index);
        // Local background from a ring 7–9 px out.
        let ring = 0;
        let ringCount = 0;
        for (let row = Math.floor(spot.y) - 9; row <= Math.floor(spot.y) + 9; row++) {
          for (let col = Math.floor(spot.x) - 9; col <= Math.floor(spot.x) + 9; col++) {
            const r = Math.hypot(col + 0.5 - spot.x, row + 0.5 - spot.y);
            if (r >= 7 && r < 9) {
              ring += valueAt(pixels, width, col, row);
              ringCount++;
            }
          }
        }
        const background = ring / ringCount;
        for (let row = Math.floor(spot.y) - 5; row <= Math.floor(spot.y) + 5; row++) {
          for (let col = Math.floor(spot.x) - 5; col <= Math.floor(spot.x) + 5; col++) {
            const value = valueAt(pixels, width, col, row);
            expect(value).toBeLessThan(saturation);
            const signal = value - background;
            total += signal;
            sumX += signal * (col + 0.5);
            sumY += signal * (row + 0.5);
          }
        }
      }
      // Poisson noise of signal plus ~121 background pixels per frame.
      const noise = Math.sqrt(spot.intensity + 121 * (last - first + 1) * 3);
      expect(Math.abs(total - spot.intensity), `spot ${spot.hkl}`).toBeLessThan(5 * noise);
      expect(sumX / total).toBeCloseTo(spot.x, 0);
      expect(Math.abs(sumX / total - spot.x)).toBeLessThan(0.15);
      expect(Math.abs(sumY / total - spot.y)).toBeLessThan(0.15);
    }
  });

  it('has a spread of intensities with a few strong reflections near saturation (eiger-4m list only)', () => {
    const spots = simulatedSpots({ detector: 'eiger-4m' });
    const crystal = simulatedCrystal({ detector: 'eiger-4m' });
    expect(spots.length).toBeGreaterThan(crystal.expectedSpotsPerFrame * 20 * 0.85);
    expect(spots.length).toBeLessThan(crystal.expectedSpotsPerFrame * 20 * 1.15);
    const [a, b, c] = crystal.cell;
    for (const edge of [a, b, c]) {
      expect(edge).toBeGreaterThan(40);
      expect(edge).toBeLessThan(130);
    }
    const strong = spots.filter((s) => s.strong);
    expect(strong.length).toBeGreaterThan(0);
    expect(strong.length).toBeLessThan(spots.length * 0.01);
    const sorted = spots.map((s) => s.intensity).sort((p, q) => p - q);
    const median = sorted[sorted.length >> 1]!;
    expect(median).toBeGreaterThan(100);
    expect(sorted.at(-1)! / median).toBeGreaterThan(1000);
    expect(sorted[Math.floor(sorted.length * 0.1)]! / median).toBeLessThan(0.5);
  });

  it('renders spots that saturate pixels, and ranges of frames list a subset', async () => {
    const input = { detector: 'eiger-500k', frames: 20 } as const;
    const all = simulatedSpots(input);
    const part = simulatedSpots(input, { firstFrame: 5, endFrame: 9 });
    expect(part.length).toBe(all.filter((s) => s.frame >= 5 && s.frame < 9).length);
    expect(part.every((s) => s.frame >= 5 && s.frame < 9)).toBe(true);
    const strong = all.find((s) => s.strong && s.transmission === 1 && s.sigmaFrames < 2);
    expect(strong).toBeDefined();
    if (!strong) return;
    const sim = await openSimulation(input);
    const pixels = pixelsOf(sim.render(Math.floor(strong.frame)));
    const width = sim.meta.shape[1];
    let peak = 0;
    for (let row = Math.floor(strong.y) - 2; row <= Math.floor(strong.y) + 2; row++) {
      for (let col = Math.floor(strong.x) - 2; col <= Math.floor(strong.x) + 2; col++) {
        if (sim.meta.detector.pixelMask![row * width + col] === 0) peak = Math.max(peak, valueAt(pixels, width, col, row));
      }
    }
    expect(peak).toBeGreaterThan(0.2 * sim.meta.detector.saturationValue);
  });

  it('has no spots with spots = 0', () => {
    expect(simulatedSpots({ detector: 'small', spots: 0 })).toEqual([]);
  });
});
