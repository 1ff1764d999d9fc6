import type { DatasetMeta } from '@beamstack/contract';

/**
 * Diffraction geometry in NXmx/McStas lab coordinates: z along the beam (downstream), y up, x
 * horizontal; the detector is flat and normal to the beam, its fast axis along −x and slow axis
 * along −y (FORMATS §7.2).
 *
 * Pixel coordinates are continuous, as in dxtbx/DIALS: the pixel in array column i and row j
 * covers [i, i+1) × [j, j+1), so its centre is (i + 0.5, j + 0.5). The beam centre is given in
 * the same coordinates. With this convention binning by n maps x → x/n and a region of interest
 * starting at (x0, y0) maps x → x − x0 exactly, with no half-pixel terms.
 */

export type Vec3 = readonly [number, number, number];

/** What the geometry needs from a DatasetMeta (or from the simulation options directly). */
export interface DetectorFrame {
  /** [fast, slow] pixel size in metres. */
  readonly pixelSize_m: readonly [number, number];
  /** [fast, slow] beam centre in pixels. */
  readonly beamCenter_px: readonly [number, number];
  readonly distance_m: number;
}

/**
 * Lab-frame position (mm) of a detector point given in continuous pixel coordinates (fast, slow).
 * Pure: depends only on the detector geometry in `meta`.
 */
export function pixelToLab(meta: DatasetMeta | { readonly detector: DetectorFrame }, fast: number, slow: number): Vec3 {
  return pixelToLabIn(meta.detector, fast, slow);
}

export function pixelToLabIn(detector: DetectorFrame, fast: number, slow: number): Vec3 {
  const [px, py] = detector.pixelSize_m;
  const [bx, by] = detector.beamCenter_px;
  return [(bx - fast) * px * 1000, (by - slow) * py * 1000, detector.distance_m * 1000];
}

/**
 * Where a ray from the sample along `direction` meets the detector plane, in continuous pixel
 * coordinates (fast, slow); null when the ray does not travel towards the detector.
 */
export function rayToPixel(detector: DetectorFrame, direction: Vec3): [number, number] | null {
  const [dx, dy, dz] = direction;
  if (!(dz > 0)) return null;
  const scale = (detector.distance_m * 1000) / dz;
  const [px, py] = detector.pixelSize_m;
  const [bx, by] = detector.beamCenter_px;
  return [bx - (dx * scale) / (px * 1000), by - (dy * scale) / (py * 1000)];
}

/** Scattering angle 2θ (radians) of a detector point. */
export function twoThetaAt(detector: DetectorFrame, fast: number, slow: number): number {
  const [x, y, z] = pixelToLabIn(detector, fast, slow);
  return Math.atan2(Math.hypot(x, y), z);
}

/** Bragg spacing d (Å) for a scattering angle 2θ; Infinity at 2θ = 0. */
export function resolutionAt(wavelength_A: number, twoTheta: number): number {
  const s = Math.sin(twoTheta / 2);
  return s > 0 ? wavelength_A / (2 * s) : Infinity;
}

// ---------------------------------------------------------------------------------- small vectors

export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

export function norm(a: Vec3): number {
  return Math.hypot(a[0], a[1], a[2]);
}

export function scale(a: Vec3, k: number): Vec3 {
  return [a[0] * k, a[1] * k, a[2] * k];
}

export function add(a: Vec3, b: Vec3): Vec3 {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
}

export function unit(a: Vec3): Vec3 {
  return scale(a, 1 / norm(a));
}

/** Right-handed rotation of `v` by `angle` (radians) about the unit vector `axis` (Rodrigues). */
export function rotate(v: Vec3, axis: Vec3, angle: number): Vec3 {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const along = dot(axis, v) * (1 - c);
  const across = cross(axis, v);
  return [
    v[0] * c + across[0] * s + axis[0] * along,
    v[1] * c + across[1] * s + axis[1] * along,
    v[2] * c + across[2] * s + axis[2] * along,
  ];
}
