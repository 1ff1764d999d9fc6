import { prng } from './prng.js';

/*
 * A realistic detector frame for codec tests and benchmarks, so they see the byte patterns real
 * Eiger data give (not the uniform noise or ramps that compress nothing like it).
 */

function poisson(lambda: number, next: () => number): number {
  if (lambda > 30) {
    // Normal approximation: exact Poisson sampling is pointless for bright spots.
    const u = Math.max(next(), 1e-12);
    const gauss = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gauss));
  }
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = next();
  while (p > limit) {
    k++;
    p *= next();
  }
  return k;
}

/** The value of module-gap pixels in a uint32 Eiger frame (2^32 − 1). */
export const GAP_VALUE_U32 = 0xffffffff;

const MODULE_W = 1030;
const MODULE_H = 514;
const GAP_X = 10;
const GAP_Y = 37;

/** True for pixels outside the Eiger modules (real module pitch when it fits, else one gap cross). */
function gapMask(height: number, width: number): Uint8Array {
  const gaps = new Uint8Array(height * width);
  const nx = Math.floor((width + GAP_X) / (MODULE_W + GAP_X));
  const ny = Math.floor((height + GAP_Y) / (MODULE_H + GAP_Y));
  const eigerPitch =
    nx >= 1 && ny >= 1 && nx * MODULE_W + (nx - 1) * GAP_X === width && ny * MODULE_H + (ny - 1) * GAP_Y === height;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const gap = eigerPitch
        ? y % (MODULE_H + GAP_Y) >= MODULE_H || x % (MODULE_W + GAP_X) >= MODULE_W
        : height >= 64 && width >= 64 &&
          ((y >= height >> 1 && y < (height >> 1) + Math.max(1, Math.floor(height / 60))) ||
            (x >= width >> 1 && x < (width >> 1) + Math.max(1, Math.floor(width / 100))));
      if (gap) gaps[y * width + x] = 1;
    }
  }
  return gaps;
}

/**
 * A realistic Eiger-like uint32 frame, default 4M (2167 x 2070), following the content model of
 * the shared oracle/synth.py used for BASELINES.md: Poisson background falling off with radius
 * (median ~1 count) plus a solvent ring, a beamstop shadow, ~HW/4000 Gaussian Bragg spots with
 * exponential intensities (1 % strong), a few hot pixels, module gaps = 0xFFFFFFFF.
 * Not bit-identical to synth.py (different RNG), but it compresses alike (~10x with bslz4).
 */
export function eigerLikeFrame(height = 2167, width = 2070, seed = 7): Uint32Array {
  const next = prng(seed);
  const frame = new Uint32Array(height * width);
  const bx = width * 0.47 + 0.25;
  const by = height * 0.43 - 0.5;
  const rmax = Math.hypot(height, width) / 2;
  const beamstop = Math.max(4, 0.015 * rmax);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const r = Math.hypot(x - bx, y - by);
      let mean = 0.6 + 25 / (1 + (r / (0.08 * rmax)) ** 2);
      mean += 1.5 * Math.exp(-0.5 * ((r - 0.45 * rmax) / (0.03 * rmax)) ** 2);
      const shadow = r < beamstop || (Math.abs(y - by) < beamstop * 0.35 && x > bx);
      if (shadow) mean *= 0.02;
      frame[y * width + x] = poisson(mean, next);
    }
  }
  const spots = Math.floor(Math.min(4000, Math.max(20, (height * width) / 4000)));
  for (let s = 0; s < spots; s++) {
    const sx = 4 + next() * (width - 9);
    const sy = 4 + next() * (height - 9);
    const sigma = 0.8 + 0.8 * next();
    let total = -400 * Math.log(Math.max(next(), 1e-12));
    if (next() < 0.01) total *= 30;
    const ix = Math.round(sx);
    const iy = Math.round(sy);
    for (let dy = -3; dy <= 3; dy++) {
      for (let dx = -3; dx <= 3; dx++) {
        const x = ix + dx;
        const y = iy + dy;
        if (x < 0 || x >= width || y < 0 || y >= height) continue;
        const g = Math.exp(-0.5 * ((x - sx) ** 2 + (y - sy) ** 2) / (sigma * sigma));
        const mean = (g * total) / (2 * Math.PI * sigma * sigma);
        frame[y * width + x] = frame[y * width + x]! + poisson(mean, next);
      }
    }
  }
  for (let h = 0; h < 4; h++) frame[Math.floor(next() * frame.length)] = 1_800_000;
  const saturation = 2_000_000;
  const gaps = gapMask(height, width);
  for (let i = 0; i < frame.length; i++) {
    if (gaps[i]) frame[i] = GAP_VALUE_U32;
    else if (frame[i]! > saturation) frame[i] = saturation;
  }
  return frame;
}
