import { LEVELS_PER_COUNT, LEVEL_LARGE, TABLE_LEVELS } from './poisson.js';
import type { Scene } from './scene.js';

/**
 * Background: diffuse scatter from air and solvent that falls off with the scattering angle, a
 * faint solvent ring at 3.7 Å, the pixel solid angle (cos³ 2θ) and the polarisation of a
 * horizontally polarised synchrotron beam; all of it attenuated by the beamstop shadow.
 */

/** Counts per pixel per 10 ms far from the beam. */
const FLOOR = 0.16;
/** Extra counts per pixel per 10 ms close to the beam, and the tan 2θ where they halve. */
const NEAR_BEAM = 2.6;
const NEAR_BEAM_TAN = 0.05;
/** Solvent ring: peak counts per 10 ms, position 1/d and Gaussian width in 1/Å. */
const RING_COUNTS = 0.45;
const RING_INV_D = 1 / 3.7;
const RING_WIDTH = 0.028;
/** Fraction of the beam polarised in the horizontal (x) plane. */
export const POLARIZATION = 0.99;

/** Beamstop shadow on the detector: disc radius, arm half-width (mm) and residual transmission. */
const BEAMSTOP_RADIUS_MM = 1.5;
const ARM_HALF_WIDTH_MM = 0.5;
const SHADOW_TRANSMISSION = 0.01;
/** The arm leaves the disc towards the top of the image, tilted 20° towards +fast. */
const ARM_DIRECTION: readonly [number, number] = [Math.sin((20 * Math.PI) / 180), -Math.cos((20 * Math.PI) / 180)];
/** Width of the shadow's soft edge in pixels. */
const PENUMBRA_PX = 1.2;

/**
 * Signed distance (pixels) from a point to the beamstop shadow outline: negative inside the disc
 * or the arm, positive outside.
 */
export function shadowEdgeDistance(scene: Scene, fast: number, slow: number): number {
  const [bx, by] = scene.detector.beamCenter_px;
  const pixelMm = scene.detector.pixelSize_m[0] * 1000;
  const dx = fast - bx;
  const dy = slow - by;
  const discEdge = Math.sqrt(dx * dx + dy * dy) - BEAMSTOP_RADIUS_MM / pixelMm;
  const along = dx * ARM_DIRECTION[0] + dy * ARM_DIRECTION[1];
  if (!(along > 0)) return discEdge;
  const across = Math.abs(dx * ARM_DIRECTION[1] - dy * ARM_DIRECTION[0]);
  return Math.min(discEdge, across - ARM_HALF_WIDTH_MM / pixelMm);
}

/** Beyond this distance from the shadow outline the transmission is exactly 1. */
export const PENUMBRA_REACH_PX = PENUMBRA_PX / 2;

/**
 * Beamstop transmission at a point in continuous pixel coordinates: SHADOW_TRANSMISSION inside
 * the disc and the arm, 1 outside, a linear penumbra in between.
 */
export function beamstopTransmission(scene: Scene, fast: number, slow: number): number {
  const edge = shadowEdgeDistance(scene, fast, slow);
  if (edge >= PENUMBRA_REACH_PX) return 1;
  const open = Math.min(1, Math.max(0, edge / PENUMBRA_PX + 0.5));
  return SHADOW_TRANSMISSION + (1 - SHADOW_TRANSMISSION) * open;
}

/**
 * Mean background counts of the pixel whose centre is at (fast, slow), before quantisation, for
 * this scene's exposure. A pure function of the geometry, so tests can compare frames against it.
 */
export function backgroundMean(scene: Scene, fast: number, slow: number): number {
  const [bx, by] = scene.detector.beamCenter_px;
  const pixelMm = scene.detector.pixelSize_m[0] * 1000;
  const x = (bx - fast) * pixelMm;
  const y = (by - slow) * pixelMm;
  const z = scene.detector.distance_m * 1000;
  const r2 = x * x + y * y;
  const length = Math.sqrt(r2 + z * z);
  const cos2t = z / length;
  const tan2 = r2 / (z * z);
  const invD = Math.sqrt(2 * (1 - cos2t)) / scene.wavelength_A;
  const ringOffset = (invD - RING_INV_D) / RING_WIDTH;
  const diffuse = FLOOR + NEAR_BEAM / (1 + tan2 / (NEAR_BEAM_TAN * NEAR_BEAM_TAN));
  // exp() dominates the set-up time; beyond 9σ the ring term is below 1e-18 and left out.
  const ring = Math.abs(ringOffset) < 9 ? RING_COUNTS * Math.exp(-0.5 * ringOffset * ringOffset) : 0;
  const ux = x / length;
  const uy = y / length;
  const polarisation = POLARIZATION * (1 - ux * ux) + (1 - POLARIZATION) * (1 - uy * uy);
  const solidAngle = cos2t * cos2t * cos2t;
  return (diffuse + ring) * polarisation * solidAngle * beamstopTransmission(scene, fast, slow) * scene.exposureScale;
}

export interface BackgroundLevels {
  /** Quantised mean per pixel (mean × LEVELS_PER_COUNT), or LEVEL_LARGE; 0 on gaps. */
  readonly levels: Uint16Array;
  /** Means of LEVEL_LARGE pixels (long exposures only), else null. */
  readonly largeMeans: Float32Array | null;
}

/** Per-pixel background levels for the sensitive pixels (`mask` bit 0 clear). */
export function buildBackgroundLevels(scene: Scene, mask: Uint32Array): BackgroundLevels {
  const { width, height } = scene;
  const levels = new Uint16Array(width * height);
  let largeMeans: Float32Array | null = null;
  for (let row = 0; row < height; row++) {
    const base = row * width;
    for (let col = 0; col < width; col++) {
      if ((mask[base + col]! & 1) !== 0) continue;
      const mean = backgroundMean(scene, col + 0.5, row + 0.5);
      const level = Math.round(mean * LEVELS_PER_COUNT);
      if (level < TABLE_LEVELS) {
        levels[base + col] = level;
      } else {
        largeMeans ??= new Float32Array(width * height);
        largeMeans[base + col] = mean;
        levels[base + col] = LEVEL_LARGE;
      }
    }
  }
  return { levels, largeMeans };
}
