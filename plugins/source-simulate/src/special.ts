/** Special functions the profiles and samplers need (double precision, no allocation). */

/**
 * Complementary error function; Chebyshev fit with fractional error below 1.2e-7 everywhere
 * (Press et al., Numerical Recipes §6.2), plenty for pixel-integrated profiles.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const value = t * Math.exp(poly);
  return x >= 0 ? value : 2 - value;
}

/** Standard normal cumulative distribution Φ(z). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z * Math.SQRT1_2);
}

/** Probability mass of N(mean, sigma²) inside [low, high). */
export function normalMass(low: number, high: number, mean: number, sigma: number): number {
  return normalCdf((high - mean) / sigma) - normalCdf((low - mean) / sigma);
}

const LOG_FACTORIAL_TABLE = (() => {
  const table = new Float64Array(256);
  for (let k = 2; k < table.length; k++) table[k] = table[k - 1]! + Math.log(k);
  return table;
})();

/** ln(k!) for integers k ≥ 0: exact table below 256, Stirling series (error < 1e-15) above. */
export function logFactorial(k: number): number {
  if (k < LOG_FACTORIAL_TABLE.length) return LOG_FACTORIAL_TABLE[k]!;
  const n = k;
  const inv = 1 / n;
  const inv2 = inv * inv;
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + inv * (1 / 12 - inv2 * (1 / 360 - inv2 / 1260));
}
