import { maskedValue } from '@beamstack/contract';
import { describe, expect, it } from 'vitest';
import { annulusMean, openSimulation, pixelsOf } from './helpers.js';

describe('simulate: determinism', () => {
  it('renders identical pixels for identical options, also after the caches were evicted', async () => {
    const a = await openSimulation({ detector: 'small', frames: 6, distance: 0.06 });
    const first = pixelsOf(a.render(3)).slice();
    expect(pixelsOf(a.render(3))).toEqual(first);
    // Other option sets push the first out of the per-thread caches; a rebuilt model must agree.
    for (const seed of [2, 3, 4]) (await openSimulation({ detector: 'small', frames: 6, distance: 0.06, seed })).render(0);
    const again = await openSimulation({ distance: 0.06, frames: 6, detector: 'small' });
    expect(pixelsOf(again.render(3))).toEqual(first);
  });

  it('changes with the seed and with the frame index', async () => {
    const a = await openSimulation({ detector: 'small', frames: 4 });
    const b = await openSimulation({ detector: 'small', frames: 4, seed: 2 });
    const differing = (p: ArrayLike<number>, q: ArrayLike<number>): number => {
      let n = 0;
      for (let i = 0; i < p.length; i++) if (p[i] !== q[i]) n++;
      return n;
    };
    expect(differing(pixelsOf(a.render(1)), pixelsOf(b.render(1)))).toBeGreaterThan(1000);
    expect(differing(pixelsOf(a.render(1)), pixelsOf(a.render(2)))).toBeGreaterThan(1000);
    expect(a.meta.detector.pixelMask).not.toEqual(b.meta.detector.pixelMask);
  });

  it('gives the same frames whatever the series length (frames depend on their own index)', async () => {
    const short = await openSimulation({ detector: 'small', frames: 3, distance: 0.06 });
    const long = await openSimulation({ detector: 'small', frames: 30, distance: 0.06 });
    expect(pixelsOf(long.render(2))).toEqual(pixelsOf(short.render(2)));
  });
});

describe('simulate: pixel values', () => {
  for (const dtype of ['uint16', 'uint32'] as const) {
    it(`masks exactly the flagged pixels with 2^bits − 1 and clips the rest at saturation (${dtype}, eiger-500k)`, async () => {
      const sim = await openSimulation({ detector: 'eiger-500k', dtype, frames: 20 });
      const top = maskedValue(dtype);
      const saturation = sim.meta.detector.saturationValue;
      const mask = sim.meta.detector.pixelMask!;
      let maxCount = 0;
      let saturated = 0;
      for (const index of [4, 12]) {
        const pixels = pixelsOf(sim.render(index));
        expect(pixels).toBeInstanceOf(dtype === 'uint16' ? Uint16Array : Uint32Array);
        let wrongMasked = 0;
        let overSaturation = 0;
        for (let i = 0; i < pixels.length; i++) {
          const value = pixels[i]!;
          if (mask[i] !== 0) {
            if (value !== top) wrongMasked++;
          } else {
            if (value > saturation) overSaturation++;
            if (value > maxCount) maxCount = value;
            if (value === saturation) saturated++;
          }
        }
        expect(wrongMasked).toBe(0);
        expect(overSaturation).toBe(0);
      }
      // Some bright pixels exist; with 16 bits the hottest unflagged pixels clip.
      expect(maxCount).toBeGreaterThan(5000);
      if (dtype === 'uint16') expect(saturated).toBeGreaterThan(0);
    });
  }

  it('has unflagged hot pixels that stay bright on every frame', async () => {
    const sim = await openSimulation({ detector: 'eiger-500k', frames: 30 });
    const mask = sim.meta.detector.pixelMask!;
    const early = pixelsOf(sim.render(0));
    const late = pixelsOf(sim.render(29));
    const persistent: number[] = [];
    for (let i = 0; i < early.length; i++) if (mask[i] === 0 && early[i]! > 3000 && late[i]! > 3000) persistent.push(i);
    expect(persistent.length).toBeGreaterThanOrEqual(2);
    expect(persistent.length).toBeLessThan(10);
  });

  it('has a background that falls with radius from the beam centre (eiger-500k)', async () => {
    const sim = await openSimulation({ detector: 'eiger-500k', frames: 3 });
    const pixels = pixelsOf(sim.render(1));
    // Cap excludes spot cores; the solvent ring (~540 px at 150 mm) lies outside these annuli.
    const near = annulusMean(sim.meta, pixels, 30, 50, 40);
    const middle = annulusMean(sim.meta, pixels, 100, 150, 40);
    const far = annulusMean(sim.meta, pixels, 250, 320, 40);
    expect(near).toBeGreaterThan(1.5 * middle);
    expect(middle).toBeGreaterThan(1.5 * far);
    expect(far).toBeGreaterThan(0.1);
    // Mostly zeros and ones far from the beam, like a real 10 ms EIGER2 frame.
    expect(far).toBeLessThan(1);
  });

  it('shows the beamstop shadow: the disc around the beam centre is nearly empty', async () => {
    const sim = await openSimulation({ detector: 'eiger-500k', frames: 3 });
    const pixels = pixelsOf(sim.render(1));
    const inside = annulusMean(sim.meta, pixels, 0, 15, 1e9);
    const outside = annulusMean(sim.meta, pixels, 25, 35, 40);
    expect(inside).toBeLessThan(0.1);
    expect(outside).toBeGreaterThan(1);
  });

  it('scales counts with the exposure time', async () => {
    const short = await openSimulation({ detector: 'small', frames: 2, spots: 0 });
    const long = await openSimulation({ detector: 'small', frames: 2, spots: 0, exposure: 0.1 });
    const meanShort = annulusMean(short.meta, pixelsOf(short.render(0)), 60, 120, 1e6);
    const meanLong = annulusMean(long.meta, pixelsOf(long.render(0)), 60, 120, 1e6);
    expect(meanLong / meanShort).toBeGreaterThan(8.5);
    expect(meanLong / meanShort).toBeLessThan(11.5);
  });

  it('copes with long exposures whose background is above the Poisson tables', async () => {
    const sim = await openSimulation({ detector: 'small', frames: 1, spots: 0, exposure: 5 });
    const pixels = pixelsOf(sim.render(0));
    const mean = annulusMean(sim.meta, pixels, 60, 120, 1e9);
    expect(mean).toBeGreaterThan(64);
  });
});
