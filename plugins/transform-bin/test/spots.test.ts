import { describe, expect, it } from 'vitest';
import type { DatasetMeta, PixelArray } from '@beamstack/contract';
import { pixelToLab, simulatedSpots, type SimulatedSpot } from '@beamstack/source-simulate';
import { simulated } from '../../transform-sum/test/simulated.js';
import { runBin } from './run.js';

const SIM = { detector: 'eiger-500k', frames: 6, distance: 0.1, seed: 21 } as const;

/**
 * Background-subtracted centroid (continuous pixel coordinates, pixel centres at i + 0.5) of a
 * box around (x, y), or null when the box leaves the frame or touches a masked pixel.
 */
function centroid(meta: DatasetMeta, pixels: PixelArray, x: number, y: number, half: number): [number, number] | null {
  const [h, w] = meta.shape;
  const mask = meta.detector.pixelMask;
  const x0 = Math.floor(x) - half;
  const y0 = Math.floor(y) - half;
  if (x0 < 0 || y0 < 0 || x0 + 2 * half >= w || y0 + 2 * half >= h) return null;
  const border: number[] = [];
  for (let r = y0; r <= y0 + 2 * half; r++) {
    for (let c = x0; c <= x0 + 2 * half; c++) {
      if (mask && mask[r * w + c] !== 0) return null;
      if (r === y0 || c === x0 || r === y0 + 2 * half || c === x0 + 2 * half) border.push(pixels[r * w + c]!);
    }
  }
  border.sort((a, b) => a - b);
  const background = border[border.length >> 1]!;
  let sum = 0;
  let sx = 0;
  let sy = 0;
  for (let r = y0; r <= y0 + 2 * half; r++) {
    for (let c = x0; c <= x0 + 2 * half; c++) {
      const v = Math.max(0, pixels[r * w + c]! - background);
      sum += v;
      sx += v * (c + 0.5);
      sy += v * (r + 0.5);
    }
  }
  return sum > 0 ? [sx / sum, sy / sum] : null;
}

/** Bright, unsaturated spots clear of the beamstop (centroids measured on their peak frame). */
function strongSpots(spots: readonly SimulatedSpot[]): SimulatedSpot[] {
  return spots.filter((s) => s.intensity > 1000 && s.transmission > 0.99 && !s.strong);
}

describe('a simulated spot lands at the same lab position before and after binning', () => {
  it('centroids in the binned frames, mapped with the binned geometry, sit on the true spot positions', async () => {
    const series = await simulated(SIM);
    const spots = strongSpots(simulatedSpots(SIM, { firstFrame: 0, endFrame: SIM.frames }));
    expect(spots.length).toBeGreaterThan(15);
    for (const [factor, edges] of [[2, 'crop'], [4, 'pad'], [3, 'crop']] as const) {
      const offsets: [number, number][] = [];
      const raw: [number, number][] = [];
      const binnedFrames = new Map<number, { meta: DatasetMeta; pixels: PixelArray }>();
      for (const spot of spots) {
        const index = Math.floor(spot.frame);
        let binned = binnedFrames.get(index);
        if (!binned) {
          const { output, frame } = runBin(series.meta, series.frames[index]!, { factor, edges });
          binned = { meta: output, pixels: frame.pixels! };
          binnedFrames.set(index, binned);
        }
        const truth = pixelToLab(series.meta, spot.x, spot.y);
        const half = Math.ceil((3 * spot.sigma_px + 2) / factor);
        const found = centroid(binned.meta, binned.pixels, spot.x / factor, spot.y / factor, half);
        const control = centroid(series.meta, series.frames[index]!, spot.x, spot.y, Math.ceil(3 * spot.sigma_px + 2));
        if (!found || !control) continue;
        const lab = pixelToLab(binned.meta, found[0], found[1]);
        const labRaw = pixelToLab(series.meta, control[0], control[1]);
        const px = series.meta.detector.pixelSize_m[0] * 1000;
        offsets.push([(lab[0] - truth[0]) / px, (lab[1] - truth[1]) / px]);
        raw.push([(labRaw[0] - truth[0]) / px, (labRaw[1] - truth[1]) / px]);
        // Each spot: within a third of a binned pixel (the binned centroid cannot see inside a bin).
        expect(Math.hypot(lab[0] - truth[0], lab[1] - truth[1]) / px, `b=${factor} spot ${spot.hkl}`).toBeLessThan(factor / 3 + 0.3);
        expect(lab[2]).toBe(truth[2]);
      }
      expect(offsets.length, `b=${factor}`).toBeGreaterThan(10);
      // On average no shift at all: a half-pixel slip in the beam-centre mapping (x/b vs
      // (x + 0.5)/b − 0.5) would move every spot by (b − 1)/2 input pixels.
      const mean = (list: [number, number][], k: 0 | 1): number => list.reduce((s, o) => s + o[k], 0) / list.length;
      expect(Math.abs(mean(offsets, 0)), `b=${factor} mean x offset (input pixels)`).toBeLessThan(0.15);
      expect(Math.abs(mean(offsets, 1)), `b=${factor} mean y offset (input pixels)`).toBeLessThan(0.15);
      expect(Math.abs(mean(raw, 0))).toBeLessThan(0.1);
      expect(Math.abs(mean(raw, 1))).toBeLessThan(0.1);
      console.log(`b=${factor} ${edges}: ${offsets.length} spots, mean offset (${mean(offsets, 0).toFixed(3)}, ${mean(offsets, 1).toFixed(3)}) px; unbinned (${mean(raw, 0).toFixed(3)}, ${mean(raw, 1).toFixed(3)}) px`);
    }
  });
});
