import type { Xoshiro128 } from './random.js';
import { logFactorial } from './special.js';

/**
 * Poisson sampling. Background pixels use quantised means and precomputed inverse-CDF tables so
 * that one 32-bit random word and about (mean + 1) integer comparisons give an exact sample of
 * the tabulated mean. Spot pixels and hot pixels, a tiny minority, use the general samplers below.
 */

/** Background means are stored as level = round(mean × LEVELS_PER_COUNT). */
export const LEVELS_PER_COUNT = 64;
/** Largest mean the tables cover; brighter background pixels take the general sampler. */
export const TABLE_MAX_MEAN = 64;
export const TABLE_LEVELS = TABLE_MAX_MEAN * LEVELS_PER_COUNT + 1;
/** Level value marking "mean above the tables; read it from the float map". */
export const LEVEL_LARGE = 0xffff;

export interface PoissonTables {
  /** Start of each level's thresholds in `thresholds`. */
  readonly offsets: Int32Array;
  /**
   * Cumulative probabilities as thresholds for a uniform 31-bit word w in [0, 2^31): the count is
   * k when thresholds[off + k − 1] < w ≤ thresholds[off + k]. Thresholds lie in [−1, 2^31 − 1],
   * so `(threshold − w) >>> 31` is a branch-free "w > threshold". Each level ends with 2^31 − 1
   * (never exceeded) and has at least THRESHOLDS_PER_LEVEL_MIN entries, so the first two may be
   * read unconditionally.
   */
  readonly thresholds: Int32Array;
}

export const THRESHOLDS_PER_LEVEL_MIN = 3;

let tables: PoissonTables | null = null;

/** The shared tables (about 1 MB), built on first use in each thread. */
export function poissonTables(): PoissonTables {
  if (tables) return tables;
  const offsets = new Int32Array(TABLE_LEVELS + 1);
  const values: number[] = [];
  const TWO31 = 2147483648;
  for (let level = 0; level < TABLE_LEVELS; level++) {
    const first = values.length;
    offsets[level] = first;
    const mean = level / LEVELS_PER_COUNT;
    let p = Math.exp(-mean);
    let cdf = p;
    for (let k = 0; ; k++) {
      const scaled = Math.round(cdf * TWO31);
      if (scaled >= TWO31 || (k > mean && p * TWO31 < 0.5)) {
        values.push(0x7fffffff);
        break;
      }
      values.push(scaled - 1);
      p *= mean / (k + 1);
      cdf += p;
    }
    while (values.length - first < THRESHOLDS_PER_LEVEL_MIN) values.push(0x7fffffff);
  }
  offsets[TABLE_LEVELS] = values.length;
  tables = { offsets, thresholds: Int32Array.from(values) };
  return tables;
}

/** Exact Poisson sample for any mean ≥ 0: inversion below 10, PTRS (Hörmann 1993) above. */
export function samplePoisson(mean: number, random: Xoshiro128): number {
  if (!(mean > 0)) return 0;
  if (mean < 10) {
    const u = random.nextUnit();
    let k = 0;
    let p = Math.exp(-mean);
    let cdf = p;
    while (u > cdf && k < 200) {
      k++;
      p *= mean / k;
      cdf += p;
    }
    return k;
  }
  return sampleLargePoisson(mean, random);
}

/** Transformed rejection with squeeze (Hörmann's PTRS); exact, about 1.2 draws per sample. */
function sampleLargePoisson(mean: number, random: Xoshiro128): number {
  const sqrtMean = Math.sqrt(mean);
  const logMean = Math.log(mean);
  const b = 0.931 + 2.53 * sqrtMean;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = random.nextUnit() - 0.5;
    const v = random.nextUnit();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    const logAccept = Math.log(v * invAlpha / (a / (us * us) + b));
    if (logAccept <= -mean + k * logMean - logFactorial(k)) return k;
  }
}
