import { beamCentre, detectorGeometry } from './detectors.js';
import { cross, dot } from './geometry.js';
import type { DetectorFrame, Vec3 } from './geometry.js';
import { Streams, Xoshiro128, seedWords } from './random.js';
import { OMEGA_AXIS } from './scene.js';
import type { SimulateOptions } from './options.js';

/**
 * The simulated crystal: a P1 lattice whose cell shape, orientation, diffraction limit, mosaicity
 * and B factor come from the seed, and whose cell volume is set by the `spots` density.
 */
export interface Crystal {
  /** a, b, c (Å) and α, β, γ (deg). */
  readonly cell: readonly [number, number, number, number, number, number];
  readonly volume_A3: number;
  /**
   * Row-major 3×3 matrix taking (h, k, l) to the reciprocal-lattice vector (1/Å) in the lab frame
   * at omega = 0 (the "A = U·B" matrix of crystallography).
   */
  readonly orientation: Float64Array;
  /** Highest resolution the crystal diffracts to (Å). */
  readonly dLimit_A: number;
  /** Wilson B factor (Å²): intensities fall as exp(−B / 2d²). */
  readonly bFactor_A2: number;
  /** Angular spread of a reflection's rocking curve before the Lorentz stretch (σ, deg). */
  readonly mosaicSigma_deg: number;
  /** Spot width on the detector near the beam (σ, pixels). */
  readonly spotSigma_px: number;
  /** True when `spots` asked for a bigger cell than MAX_LATTICE_POINTS allows (fewer spots result). */
  readonly volumeCapped: boolean;
}

/** Lattice points the simulation is willing to enumerate; bounds memory and set-up time. */
export const MAX_LATTICE_POINTS = 3_000_000;

/** The reference setting in which `spots` is the mean count per frame per megapixel. */
const REFERENCE = { detector: 'eiger-4m', wavelength_A: 0.9762, distance_m: 0.15, oscillation_deg: 0.1 } as const;

export function crystalFor(options: SimulateOptions): Crystal {
  const random = new Xoshiro128([...seedWords(options.seed), Streams.crystal]);
  const ratios: [number, number, number] = [random.uniform(0.75, 1.3), random.uniform(0.75, 1.3), random.uniform(0.75, 1.3)];
  const family = random.nextUnit();
  // Half the crystals orthorhombic-like, a third monoclinic, the rest triclinic.
  const angles: [number, number, number] =
    family < 0.5
      ? [90, 90, 90]
      : family < 0.83
        ? [90, random.uniform(95, 115), 90]
        : [random.uniform(80, 100), random.uniform(80, 110), random.uniform(80, 100)];
  const dLimit = random.uniform(1.5, 2.1);
  const bFactor = random.uniform(14, 30);
  const mosaic = random.uniform(0.03, 0.07);
  const spotSigma = random.uniform(0.75, 1.0);
  const orientation = randomRotation(random);

  const shapeVolume = ratios[0] * ratios[1] * ratios[2] * angleVolumeFactor(angles);
  const wanted = Math.max(0, options.spots) * densityToVolume(dLimit);
  // Cap the volume so that the lattice points inside the diffraction limit stay enumerable.
  const maxVolume = MAX_LATTICE_POINTS / ((4 / 3) * Math.PI * Math.pow(1 / dLimit, 3));
  // spots = 0 asks for background only; keep a valid (tiny) cell so the maths stays finite.
  const volume = Math.min(maxVolume, Math.max(wanted, 1000));
  const edge = Math.cbrt(volume / shapeVolume);
  const cell = [edge * ratios[0], edge * ratios[1], edge * ratios[2], ...angles] as const;
  const reciprocal = reciprocalBasis(cell);
  const matrix = new Float64Array(9);
  for (let row = 0; row < 3; row++) {
    for (let col = 0; col < 3; col++) {
      let sum = 0;
      for (let k = 0; k < 3; k++) sum += orientation[row * 3 + k]! * reciprocal[k]![col]!;
      matrix[row * 3 + col] = sum;
    }
  }
  return {
    cell,
    volume_A3: edge * edge * edge * shapeVolume,
    orientation: matrix,
    dLimit_A: dLimit,
    bFactor_A2: bFactor,
    mosaicSigma_deg: mosaic,
    spotSigma_px: spotSigma,
    volumeCapped: wanted > maxVolume,
  };
}

/** V / (abc) for cell angles in degrees. */
function angleVolumeFactor([alpha, beta, gamma]: readonly [number, number, number]): number {
  const ca = Math.cos((alpha * Math.PI) / 180);
  const cb = Math.cos((beta * Math.PI) / 180);
  const cg = Math.cos((gamma * Math.PI) / 180);
  return Math.sqrt(1 - ca * ca - cb * cb - cg * cg + 2 * ca * cb * cg);
}

/**
 * Columns of the reciprocal basis a*, b*, c* in the crystal's Cartesian frame (a along x, b in
 * the xy plane), returned as rows [x, y, z] of the 3×3 matrix B with r = B·(h, k, l).
 */
function reciprocalBasis(cell: readonly number[]): number[][] {
  const [a, b, c, alpha, beta, gamma] = cell.map((v, i) => (i < 3 ? v : (v * Math.PI) / 180)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const av: Vec3 = [a, 0, 0];
  const bv: Vec3 = [b * Math.cos(gamma), b * Math.sin(gamma), 0];
  const cx = c * Math.cos(beta);
  const cy = (c * (Math.cos(alpha) - Math.cos(beta) * Math.cos(gamma))) / Math.sin(gamma);
  const cv: Vec3 = [cx, cy, Math.sqrt(Math.max(0, c * c - cx * cx - cy * cy))];
  const volume = dot(av, cross(bv, cv));
  const as = cross(bv, cv).map((v) => v / volume);
  const bs = cross(cv, av).map((v) => v / volume);
  const cs = cross(av, bv).map((v) => v / volume);
  return [0, 1, 2].map((row) => [as[row]!, bs[row]!, cs[row]!]);
}

/** Uniformly distributed rotation matrix (row-major) from three uniforms (Shoemake's method). */
function randomRotation(random: Xoshiro128): Float64Array {
  const u1 = random.nextUnit();
  const u2 = random.nextUnit() * 2 * Math.PI;
  const u3 = random.nextUnit() * 2 * Math.PI;
  const x = Math.sqrt(1 - u1) * Math.sin(u2);
  const y = Math.sqrt(1 - u1) * Math.cos(u2);
  const z = Math.sqrt(u1) * Math.sin(u3);
  const w = Math.sqrt(u1) * Math.cos(u3);
  return Float64Array.of(
    1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
    2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
    2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y),
  );
}

/**
 * Reciprocal-lattice crossings of the Ewald sphere per radian of rotation, per Å³ of cell volume,
 * that land on the detector within `dLimit`: V × this × Δω is the expected number of spots. The
 * rate density on the Ewald sphere is |(e × r)·n̂| (the lattice point's speed across the sphere)
 * and a detector pixel sees dΩ / λ² of the sphere; summed on a coarse pixel grid.
 */
export function crossingRate(detector: DetectorFrame, width: number, height: number, wavelength: number, dLimit: number): number {
  const step = Math.max(1, Math.floor(Math.max(width, height) / 256));
  const [px, py] = detector.pixelSize_m;
  const z = detector.distance_m;
  const sMax = 1 / dLimit;
  let rate = 0;
  for (let row = step / 2; row < height; row += step) {
    for (let col = step / 2; col < width; col += step) {
      const x = (detector.beamCenter_px[0] - col) * px;
      const y = (detector.beamCenter_px[1] - row) * py;
      const length = Math.hypot(x, y, z);
      // Unit diffracted direction; r = (ŝ1 − ŝ0) / λ.
      const s: Vec3 = [x / length, y / length, z / length];
      const r: Vec3 = [s[0] / wavelength, s[1] / wavelength, (s[2] - 1) / wavelength];
      if (Math.hypot(r[0], r[1], r[2]) > sMax) continue;
      const speed = Math.abs(dot(cross(OMEGA_AXIS, r), s));
      const solidAngle = (step * px * step * py * z) / (length * length * length);
      rate += (speed * solidAngle) / (wavelength * wavelength);
    }
  }
  return rate;
}

/** Cell volume (Å³) per unit of `spots` density in the reference setting. */
function densityToVolume(dLimit: number): number {
  const geometry = detectorGeometry(REFERENCE.detector);
  const detector: DetectorFrame = {
    pixelSize_m: [geometry.pixelSize_m, geometry.pixelSize_m],
    beamCenter_px: beamCentre(geometry),
    distance_m: REFERENCE.distance_m,
  };
  const rate = crossingRate(detector, geometry.width, geometry.height, REFERENCE.wavelength_A, dLimit);
  const megapixels = (geometry.width * geometry.height) / 1e6;
  return megapixels / (rate * ((REFERENCE.oscillation_deg * Math.PI) / 180));
}

/** Expected spots per frame for these options (same estimate the cell volume was set from). */
export function expectedSpotsPerFrame(options: SimulateOptions, crystal: Crystal): number {
  if (options.spots <= 0) return 0;
  const geometry = detectorGeometry(options.detector);
  const detector: DetectorFrame = {
    pixelSize_m: [geometry.pixelSize_m, geometry.pixelSize_m],
    beamCenter_px: beamCentre(geometry),
    distance_m: options.distance,
  };
  const rate = crossingRate(detector, geometry.width, geometry.height, options.wavelength, crystal.dLimit_A);
  return crystal.volume_A3 * rate * ((options.oscillation * Math.PI) / 180);
}

