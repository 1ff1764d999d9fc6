import { maskedValue } from '@beamstack/contract';
import { beamCentre, detectorGeometry } from './detectors.js';
import type { DetectorGeometry } from './detectors.js';
import type { DetectorFrame, Vec3 } from './geometry.js';
import type { SimulateOptions } from './options.js';

/** Everything about the experiment that follows directly from the options (no randomness). */
export interface Scene {
  readonly options: SimulateOptions;
  readonly geometry: DetectorGeometry;
  readonly detector: DetectorFrame;
  readonly height: number;
  readonly width: number;
  readonly bits: 16 | 32;
  /** Highest count a pixel reports; brighter pixels are clipped to it. */
  readonly saturation: number;
  /** 2^bits − 1: what masked pixels hold (pixel_mask_applied). */
  readonly masked: number;
  readonly wavelength_A: number;
  /** Rotation axis (unit vector, lab frame) and angles in degrees. */
  readonly axis: Vec3;
  readonly startAngle_deg: number;
  readonly oscillation_deg: number;
  /** exposure / 10 ms: counts of every kind scale with it. */
  readonly exposureScale: number;
}

/** Omega axis of the DECTRIS/NXmx goniometer (FORMATS §7.1). */
export const OMEGA_AXIS: Vec3 = [-1, 0, 0];

/** Reference frame time the count rates below are quoted for. */
export const REFERENCE_EXPOSURE_S = 0.01;

/**
 * Count cut-off (DECTRIS `countrate_correction_count_cutoff`): 2,000,000 for 32-bit images and
 * 65,534 for 16-bit images, the values the team's Python oracle writes too.
 */
export function saturationFor(dtype: SimulateOptions['dtype']): number {
  return dtype === 'uint16' ? 65_534 : 2_000_000;
}

export function sceneFor(options: SimulateOptions): Scene {
  const geometry = detectorGeometry(options.detector);
  const detector: DetectorFrame = {
    pixelSize_m: [geometry.pixelSize_m, geometry.pixelSize_m],
    beamCenter_px: beamCentre(geometry),
    distance_m: options.distance,
  };
  return {
    options,
    geometry,
    detector,
    height: geometry.height,
    width: geometry.width,
    bits: options.dtype === 'uint16' ? 16 : 32,
    saturation: saturationFor(options.dtype),
    masked: maskedValue(options.dtype),
    wavelength_A: options.wavelength,
    axis: OMEGA_AXIS,
    startAngle_deg: options.startAngle,
    oscillation_deg: options.oscillation,
    exposureScale: options.exposure / REFERENCE_EXPOSURE_S,
  };
}
