import { beamstopTransmission, POLARIZATION } from './background.js';
import type { Crystal } from './crystal.js';
import { rayToPixel, rotate } from './geometry.js';
import type { Vec3 } from './geometry.js';
import { Streams, hashWords, mix32, seedWords, unitFromWord } from './random.js';
import type { Scene } from './scene.js';
import { normalMass } from './special.js';

/**
 * Bragg reflections of the rotating crystal. A reciprocal-lattice point r0 = A·(h,k,l) is carried
 * by the goniometer to r(ω) = R(e, ω)·r0 and diffracts when it lies on the Ewald sphere,
 * |s0 + r| = 1/λ with s0 = (0, 0, 1/λ), i.e. when r_z(ω) = −λ|r0|²/2. The diffracted beam
 * s1 = s0 + r meets the detector where the geometry (geometry.ts) says.
 */

/** A spot as the simulation renders it. */
export interface SimulatedSpot {
  readonly hkl: readonly [number, number, number];
  /** Centre of the 2-D profile in continuous pixel coordinates (pixel i spans [i, i+1)). */
  readonly x: number;
  readonly y: number;
  /** Fractional frame of the rocking-curve peak: (omega − startAngle) / oscillation. */
  readonly frame: number;
  readonly omega_deg: number;
  /** Expected counts summed over all frames and pixels, before beamstop, mask and clipping. */
  readonly intensity: number;
  readonly resolution_A: number;
  readonly twoTheta_deg: number;
  /** Width (σ) of the profile on the detector, pixels. */
  readonly sigma_px: number;
  /** Width (σ) of the rocking curve, in frames. */
  readonly sigmaFrames: number;
  /** Beamstop transmission at the spot centre (1 = unshadowed). */
  readonly transmission: number;
  /** One of the few very strong reflections whose peak pixel approaches saturation. */
  readonly strong: boolean;
}

/** Rocking curves are never wider than this (σ, deg): reflections along the axis would smear. */
export const MAX_SIGMA_OMEGA_DEG = 0.6;
/** Profiles are drawn out to this many σ. */
export const PROFILE_SIGMAS = 5;
/** Beam divergence added to the mosaic spread (σ, deg). */
const DIVERGENCE_DEG = 0.01;
/** Mean integrated counts of a reflection with E = 1 at d → ∞ and Lorentz factor 1, per 10 ms. */
const INTENSITY_SCALE = 6000;
/** Fraction of low-resolution (d > 3.5 Å) reflections that are very strong. */
const STRONG_FRACTION = 0.01;
const STRONG_MIN_D = 3.5;
/** Lorentz factors are capped at 1 / this (reflections near the axis or the beam). */
const MIN_LORENTZ_INVERSE = 0.05;

const HKL_BIAS = 512;

function packHkl(h: number, k: number, l: number, branch: number): number {
  return (h + HKL_BIAS) | ((k + HKL_BIAS) << 10) | ((l + HKL_BIAS) << 20) | (branch << 30);
}

function unpackHkl(packed: number): [number, number, number] {
  return [(packed & 1023) - HKL_BIAS, ((packed >>> 10) & 1023) - HKL_BIAS, ((packed >>> 20) & 1023) - HKL_BIAS];
}

/**
 * Every Ewald-sphere crossing whose diffracted beam hits the detector, sorted by omega modulo 360,
 * restricted to the scan (plus margins) when the scan covers less than a turn.
 */
export interface CrossingTable {
  /** Crossing angle in [0, 360) degrees, ascending. */
  readonly omega: Float64Array;
  readonly packed: Int32Array;
  /** Rocking-curve σ (deg), to skip reflections far from a frame without predicting them. */
  readonly sigmaOmega: Float32Array;
}

export class ReflectionModel {
  readonly scene: Scene;
  readonly crystal: Crystal;
  private readonly seed: [number, number];
  private readonly s0z: number;
  private table: CrossingTable | null = null;

  constructor(scene: Scene, crystal: Crystal) {
    this.scene = scene;
    this.crystal = crystal;
    this.seed = seedWords(scene.options.seed);
    this.s0z = 1 / scene.wavelength_A;
  }

  /** Reciprocal-lattice vector of (h, k, l) at omega = 0. */
  latticeVector(h: number, k: number, l: number): Vec3 {
    const m = this.crystal.orientation;
    return [
      m[0]! * h + m[1]! * k + m[2]! * l,
      m[3]! * h + m[4]! * k + m[5]! * l,
      m[6]! * h + m[7]! * k + m[8]! * l,
    ];
  }

  crossings(): CrossingTable {
    this.table ??= this.buildTable();
    return this.table;
  }

  private buildTable(): CrossingTable {
    const { scene, crystal } = this;
    const omega: number[] = [];
    const packed: number[] = [];
    const sigma: number[] = [];
    if (scene.options.spots > 0) {
      const sMax = 1 / Math.max(crystal.dLimit_A, this.detectorResolutionLimit());
      const window = this.scanWindow();
      const [a, b, c] = crystal.cell;
      const hMax = Math.min(HKL_BIAS - 1, Math.floor(a * sMax));
      const kMax = Math.min(HKL_BIAS - 1, Math.floor(b * sMax));
      const lMax = Math.min(HKL_BIAS - 1, Math.floor(c * sMax));
      const m = crystal.orientation;
      const e = scene.axis;
      const lambda = scene.wavelength_A;
      const sMax2 = sMax * sMax;
      for (let h = -hMax; h <= hMax; h++) {
        for (let k = -kMax; k <= kMax; k++) {
          for (let l = -lMax; l <= lMax; l++) {
            const rx = m[0]! * h + m[1]! * k + m[2]! * l;
            const ry = m[3]! * h + m[4]! * k + m[5]! * l;
            const rz = m[6]! * h + m[7]! * k + m[8]! * l;
            const q2 = rx * rx + ry * ry + rz * rz;
            if (q2 > sMax2 || q2 === 0) continue;
            // r(ω) = along·e + p cos ω + (e × p) sin ω, with p the part of r0 normal to the axis.
            const along = rx * e[0] + ry * e[1] + rz * e[2];
            const px = rx - along * e[0];
            const py = ry - along * e[1];
            const pz = rz - along * e[2];
            const qz = e[0] * py - e[1] * px;
            const radius = Math.hypot(pz, qz);
            const cosine = (-lambda * q2 * 0.5 - along * e[2]) / radius;
            if (!(Math.abs(cosine) <= 1)) continue;
            const psi = Math.atan2(qz, pz);
            const delta = Math.acos(cosine);
            for (let branch = 0; branch < 2; branch++) {
              const angle = branch === 0 ? psi + delta : psi - delta;
              let deg = ((angle * 180) / Math.PI) % 360;
              if (deg < 0) deg += 360;
              if (window && !inWindow(deg, window)) continue;
              const spot = this.geometryAt([rx, ry, rz], deg, true);
              if (!spot) continue;
              omega.push(deg);
              packed.push(packHkl(h, k, l, branch));
              sigma.push(spot.sigmaOmega);
            }
          }
        }
      }
    }
    const order = sortedOrder(omega);
    return {
      omega: Float64Array.from(order, (i) => omega[i]!),
      packed: Int32Array.from(order, (i) => packed[i]!),
      sigmaOmega: Float32Array.from(order, (i) => sigma[i]!),
    };
  }

  /** The scan's omega range plus rocking margins, or null when it covers a full turn. */
  private scanWindow(): { low: number; span: number } | null {
    const margin = PROFILE_SIGMAS * MAX_SIGMA_OMEGA_DEG + this.scene.oscillation_deg;
    const span = this.scene.options.frames * this.scene.oscillation_deg + 2 * margin;
    if (span >= 360) return null;
    return { low: this.scene.startAngle_deg - margin, span };
  }

  /** Best resolution the detector sees (its farthest corner from the beam), Å. */
  private detectorResolutionLimit(): number {
    const { width, height } = this.scene;
    const [bx, by] = this.scene.detector.beamCenter_px;
    const pixelMm = this.scene.detector.pixelSize_m[0] * 1000;
    const reach = Math.hypot(Math.max(bx, width - bx), Math.max(by, height - by)) * pixelMm;
    const twoTheta = Math.atan2(reach, this.scene.detector.distance_m * 1000);
    return this.scene.wavelength_A / (2 * Math.sin(twoTheta / 2)) * 0.999;
  }

  /**
   * Where the reflection r0 diffracts at `omegaDeg`, or null when the diffracted beam misses the
   * detector. Also its geometric factors.
   */
  private geometryAt(
    r0: Vec3,
    omegaDeg: number,
    onDetectorOnly: boolean,
  ): { x: number; y: number; s1: Vec3; lorentzInverse: number; sigmaOmega: number } | null {
    const r = rotate(r0, this.scene.axis, (omegaDeg * Math.PI) / 180);
    const s1: Vec3 = [r[0], r[1], r[2] + this.s0z];
    const hit = rayToPixel(this.scene.detector, s1);
    if (!hit) return null;
    const [x, y] = hit;
    if (onDetectorOnly && !(x >= 0 && x < this.scene.width && y >= 0 && y < this.scene.height)) return null;
    // With ŝ0 = (0, 0, 1): e · (ŝ1 × ŝ0) = e_x ŝ1_y − e_y ŝ1_x, whose size is the Lorentz
    // factor's inverse; divided by |ŝ1 × ŝ0| = sin 2θ it is Kabsch's ζ, which stretches an angular
    // mosaic spread into a rotation width (reflections near the axis rock over many frames).
    const length = Math.sqrt(s1[0] * s1[0] + s1[1] * s1[1] + s1[2] * s1[2]);
    const e = this.scene.axis;
    const lorentzInverse = Math.abs(e[0] * s1[1] - e[1] * s1[0]) / length;
    const sin2t = Math.sqrt(s1[0] * s1[0] + s1[1] * s1[1]) / length;
    const zeta = sin2t > 0 ? lorentzInverse / sin2t : 0;
    const spread = Math.sqrt(this.crystal.mosaicSigma_deg ** 2 + DIVERGENCE_DEG ** 2);
    const sigmaOmega = Math.min(MAX_SIGMA_OMEGA_DEG, spread / Math.max(zeta, 1e-6));
    return { x, y, s1, lorentzInverse, sigmaOmega };
  }

  /** Full prediction of one crossing at an absolute omega (the table's angle plus whole turns). */
  spot(packed: number, omegaAbs: number): SimulatedSpot {
    const [h, k, l] = unpackHkl(packed);
    const r0 = this.latticeVector(h, k, l);
    // No bounds check here: a whole-turn offset may move the angle by a rounding error, and a
    // spot the table accepted must not vanish because of it.
    const geometry = this.geometryAt(r0, omegaAbs, false);
    if (!geometry) throw new Error(`reflection ${h} ${k} ${l} diffracts away from the detector at ${omegaAbs}°`);
    const { scene, crystal } = this;
    const { x, y, s1, lorentzInverse, sigmaOmega } = geometry;
    const length = Math.hypot(s1[0], s1[1], s1[2]);
    const ux = s1[0] / length;
    const uy = s1[1] / length;
    const cos2t = s1[2] / length;
    const twoTheta = Math.acos(Math.min(1, cos2t));
    const d = 1 / Math.hypot(r0[0], r0[1], r0[2]);
    // Friedel mates share one structure factor, so the hash uses a canonical index.
    const flip = h < 0 || (h === 0 && (k < 0 || (k === 0 && l < 0)));
    const word = hashWords([...this.seed, Streams.reflection, flip ? -h : h, flip ? -k : k, flip ? -l : l]);
    const wilson = -Math.log(unitFromWord(word));
    const sizeJitter = 0.9 + 0.2 * unitFromWord(mix32(word ^ 0x3c6ef372));
    const tan2t = Math.tan(twoTheta);
    // Oblique incidence spreads the charge in the 450 µm sensor: spots widen with 2θ.
    const sigmaPx = Math.hypot(crystal.spotSigma_px, 0.9 * tan2t) * sizeJitter;
    const strong = d > STRONG_MIN_D && unitFromWord(mix32(word ^ 0x1b873593)) < STRONG_FRACTION;
    let intensity: number;
    if (strong) {
      // Peak pixel of a centred, fully recorded spot at 0.6 … 1.4 × saturation.
      const target = (0.6 + 0.8 * unitFromWord(mix32(word ^ 0x7f4a7c15))) * scene.saturation;
      const pixelShare = normalMass(-0.5, 0.5, 0, sigmaPx) ** 2;
      const frameShare = normalMass(-0.5, 0.5, 0, sigmaOmega / scene.oscillation_deg);
      intensity = (target / (pixelShare * frameShare)) * scene.exposureScale;
    } else {
      const polarisation = POLARIZATION * (1 - ux * ux) + (1 - POLARIZATION) * (1 - uy * uy);
      const lorentz = 1 / Math.max(lorentzInverse, MIN_LORENTZ_INVERSE);
      const falloff = Math.exp(-crystal.bFactor_A2 / (2 * d * d));
      intensity = INTENSITY_SCALE * wilson * falloff * polarisation * lorentz * scene.exposureScale;
    }
    return {
      hkl: [h, k, l],
      x,
      y,
      frame: (omegaAbs - scene.startAngle_deg) / scene.oscillation_deg,
      omega_deg: omegaAbs,
      intensity,
      resolution_A: d,
      twoTheta_deg: (twoTheta * 180) / Math.PI,
      sigma_px: sigmaPx,
      sigmaFrames: sigmaOmega / scene.oscillation_deg,
      transmission: beamstopTransmission(scene, x, y),
      strong,
    };
  }

  /**
   * Calls `visit` for every crossing whose rocking curve reaches into [low, high) (absolute
   * degrees, high − low < 360) within PROFILE_SIGMAS, with its absolute angle.
   */
  forEachNear(low: number, high: number, visit: (packed: number, omegaAbs: number) => void): void {
    const table = this.crossings();
    const reach = PROFILE_SIGMAS * MAX_SIGMA_OMEGA_DEG;
    const from = low - reach;
    const span = high + reach - from;
    const base = 360 * Math.floor(from / 360);
    const start = from - base;
    const scan = (lo: number, hi: number, turnBase: number): void => {
      for (let i = lowerBound(table.omega, lo); i < table.omega.length && table.omega[i]! < hi; i++) {
        const omegaAbs = table.omega[i]! + turnBase;
        const pad = PROFILE_SIGMAS * table.sigmaOmega[i]!;
        if (omegaAbs + pad < low || omegaAbs - pad > high) continue;
        visit(table.packed[i]!, omegaAbs);
      }
    };
    scan(start, Math.min(360, start + span), base);
    if (start + span > 360) scan(0, start + span - 360, base + 360);
  }
}

function inWindow(deg: number, window: { low: number; span: number }): boolean {
  const offset = (((deg - window.low) % 360) + 360) % 360;
  return offset <= window.span;
}

function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Indices of `values` (all in [0, 360)) in ascending order: bucket sort, then insertion sort. */
function sortedOrder(values: readonly number[]): Int32Array {
  const buckets = 36_000;
  const counts = new Int32Array(buckets + 1);
  const bucketOf = (v: number): number => Math.min(buckets - 1, Math.floor(v * 100));
  for (const v of values) counts[bucketOf(v) + 1] = counts[bucketOf(v) + 1]! + 1;
  for (let b = 0; b < buckets; b++) counts[b + 1] = counts[b + 1]! + counts[b]!;
  const order = new Int32Array(values.length);
  const fill = counts.slice(0, buckets);
  values.forEach((v, i) => {
    const bucket = bucketOf(v);
    order[fill[bucket]!] = i;
    fill[bucket] = fill[bucket]! + 1;
  });
  for (let i = 1; i < order.length; i++) {
    const item = order[i]!;
    const v = values[item]!;
    let j = i - 1;
    while (j >= 0 && values[order[j]!]! > v) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = item;
  }
  return order;
}
