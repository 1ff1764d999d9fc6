import { describe, expect, it } from 'vitest';
import { poissonTables, samplePoisson, LEVELS_PER_COUNT, THRESHOLDS_PER_LEVEL_MIN } from '../src/poisson.js';
import { Xoshiro128 } from '../src/random.js';
import { annulusMean, openSimulation, pixelsOf } from './helpers.js';

function moments(values: readonly number[]): { mean: number; variance: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
  return { mean, variance };
}

describe('simulate: Poisson sampling', () => {
  it.each([0.3, 3, 9.9, 10, 25, 400, 100_000])('samples mean and variance λ for λ = %d', (lambda) => {
    const random = new Xoshiro128([42, lambda * 1000]);
    const n = 40_000;
    const values = Array.from({ length: n }, () => samplePoisson(lambda, random));
    expect(values.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
    const { mean, variance } = moments(values);
    // Standard errors: √(λ/n) for the mean, ≈ λ√(2/n) for the variance.
    expect(Math.abs(mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / n));
    expect(Math.abs(variance - lambda)).toBeLessThan(6 * lambda * Math.sqrt(2 / n) + 0.01);
  });

  it('builds inverse-CDF tables whose implied probabilities are the Poisson masses', () => {
    const { offsets, thresholds } = poissonTables();
    for (const level of [0, 1, 13, 64, 200, 4096]) {
      const mean = level / LEVELS_PER_COUNT;
      const first = offsets[level]!;
      const end = offsets[level + 1]!;
      expect(end - first).toBeGreaterThanOrEqual(THRESHOLDS_PER_LEVEL_MIN);
      expect(thresholds[end - 1]).toBe(0x7fffffff);
      let previous = -1;
      let p = Math.exp(-mean);
      for (let k = 0; first + k < end - 1 && k < 40; k++) {
        const t = thresholds[first + k]!;
        expect(t).toBeGreaterThanOrEqual(previous);
        // P(count = k) = (t_k − t_{k−1}) / 2^31.
        expect(Math.abs((t - previous) / 2 ** 31 - p)).toBeLessThan(1e-9);
        previous = t;
        p *= mean / (k + 1);
      }
    }
  });

  it('gives frame pixels Poisson dispersion (variance ≈ mean) where the background is flat', async () => {
    const sim = await openSimulation({ detector: 'small', spots: 0, frames: 4, exposure: 0.05 });
    const [height, width] = sim.meta.shape;
    const [bx, by] = sim.meta.detector.beamCenter_px;
    const mask = sim.meta.detector.pixelMask!;
    const values: number[] = [];
    for (const index of [0, 1, 2, 3]) {
      const pixels = pixelsOf(sim.render(index));
      for (let row = 0; row < height; row++) {
        for (let col = 0; col < width; col++) {
          const r = Math.hypot(col + 0.5 - bx, row + 0.5 - by);
          if (r >= 110 && r < 116 && mask[row * width + col] === 0) values.push(pixels[row * width + col]!);
        }
      }
    }
    expect(values.length).toBeGreaterThan(8000);
    const { mean, variance } = moments(values);
    expect(mean).toBeGreaterThan(1);
    expect(variance / mean).toBeGreaterThan(0.95);
    expect(variance / mean).toBeLessThan(1.08);
    expect(annulusMean(sim.meta, pixelsOf(sim.render(0)), 110, 116, 1e9)).toBeCloseTo(mean, 0);
  });
});
