import { describe, expect, it } from 'vitest';
import type { DatasetMeta } from '@beamstack/contract';
import { pixelToLab, simulatedSpots } from '@beamstack/source-simulate';
import { roiTransform } from '../src/index.js';
import { simulation } from './helpers.js';

const RECT = [301, 97, 420, 250] as const;

describe('roi metadata', () => {
  it('updates shape and beam centre, crops the mask, and keeps everything else', async () => {
    // eiger-1m: two modules, so the crop (rows 400 .. 649) crosses the gap between them.
    const { meta } = await simulation({ detector: 'eiger-1m', frames: 3 });
    const rect = [301, 400, 420, 250] as const;
    const out = roiTransform.mapMeta(meta, { options: { rect: [...rect] } });
    const [x0, y0, w, h] = rect;
    expect(out.shape).toEqual([h, w]);
    expect(out.detector.beamCenter_px[0]).toBeCloseTo(meta.detector.beamCenter_px[0] - x0, 12);
    expect(out.detector.beamCenter_px[1]).toBeCloseTo(meta.detector.beamCenter_px[1] - y0, 12);
    // The mask, cut by a plain loop.
    const mask = meta.detector.pixelMask!;
    const expected = new Uint32Array(w * h);
    for (let row = 0; row < h; row++) for (let col = 0; col < w; col++) expected[row * w + col] = mask[(row + y0) * meta.shape[1] + col + x0]!;
    expect(out.detector.pixelMask).toEqual(expected);
    // The crop holds masked pixels of several kinds (gap, dead, hot): the test sees them.
    expect(new Set(expected)).toEqual(new Set([0, 1, 2, 8]));
    // Not touched: the input's mask, and every other field.
    expect(meta.detector.pixelMask).toBe(mask);
    const strip = (m: DatasetMeta): unknown => ({ ...m, shape: null, detector: { ...m.detector, beamCenter_px: null, pixelMask: null } });
    expect(strip(out)).toEqual(strip(meta));
  });

  it('keeps a null mask null', async () => {
    const { meta } = await simulation({ detector: 'small', frames: 1 });
    const noMask: DatasetMeta = { ...meta, detector: { ...meta.detector, pixelMask: null } };
    expect(roiTransform.mapMeta(noMask, { options: { rect: [10, 10, 20, 30] } }).detector.pixelMask).toBeNull();
  });

  it('puts every simulated spot at the same lab position before and after the crop', async () => {
    const options = { detector: 'eiger-500k', frames: 10, spots: 200 } as const;
    const { meta } = await simulation(options);
    const out = roiTransform.mapMeta(meta, { options: { rect: [...RECT] } });
    const spots = simulatedSpots(options);
    expect(spots.length).toBeGreaterThan(20);
    let inside = 0;
    for (const spot of spots) {
      const before = pixelToLab(meta, spot.x, spot.y);
      const after = pixelToLab(out, spot.x - RECT[0], spot.y - RECT[1]);
      for (let k = 0; k < 3; k++) expect(after[k]).toBeCloseTo(before[k]!, 9);
      if (spot.x >= RECT[0] && spot.x < RECT[0] + RECT[2] && spot.y >= RECT[1] && spot.y < RECT[1] + RECT[3]) inside++;
    }
    expect(inside).toBeGreaterThan(3);
  });

  it('with dmin, the beam centre moves by the rectangle found', async () => {
    const { meta } = await simulation({ detector: 'eiger-500k', frames: 1 });
    const out = roiTransform.mapMeta(meta, { options: { dmin: 6 } });
    const dx = meta.detector.beamCenter_px[0] - out.detector.beamCenter_px[0];
    const dy = meta.detector.beamCenter_px[1] - out.detector.beamCenter_px[1];
    expect(Number.isInteger(Math.round(dx * 1e9) / 1e9)).toBe(true);
    expect(Number.isInteger(Math.round(dy * 1e9) / 1e9)).toBe(true);
    expect(out.shape[1]).toBeLessThan(meta.shape[1]);
    // The beam stays inside the crop: low-angle pixels are always kept.
    expect(out.detector.beamCenter_px[0]).toBeGreaterThan(0);
    expect(out.detector.beamCenter_px[0]).toBeLessThan(out.shape[1]);
  });
});
