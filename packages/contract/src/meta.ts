import type { DType } from './dtype.js';
import type { FrameShape } from './frame.js';
import type { JsonObject, JsonPrimitive } from './json.js';

/**
 * What an experiment's frames mean physically, aligned with NXmx (NeXus) and the DECTRIS
 * `detectorSpecific` group. Every transform maps it, so a file written after any chain of stages
 * still describes the same physics. Units are in the field names.
 *
 * Geometry follows NXmx/McStas: the detector is one module whose fast axis runs along −x and slow
 * axis along −y; the direct beam hits `beamCenter_px` (fast, slow) in pixel coordinates, the same
 * numbers DECTRIS (`beam_center_x/y`), CBF (`Beam_xy`) and DIALS report.
 */
export interface DatasetMeta {
  /** Frames in the series this description belongs to. */
  readonly frameCount: number;
  readonly shape: FrameShape;
  readonly dtype: DType;
  readonly detector: DetectorMeta;
  readonly beam: BeamMeta;
  readonly scan: ScanMeta;
  readonly sample: SampleMeta;
  readonly facility: FacilityMeta;
  /** ISO-8601 UTC time of the first frame, e.g. "2024-05-01T12:00:00.000Z". */
  readonly startTime: string;
  readonly provenance: Provenance;
  /**
   * Values without a typed home that a writer may carry through (DECTRIS `detectorSpecific`
   * members, CBF header lines). Keys are the source's own names.
   */
  readonly extras: Readonly<Record<string, JsonPrimitive>>;
}

export interface DetectorMeta {
  /** e.g. "Dectris EIGER2 Si 4M". */
  readonly description: string;
  readonly serialNumber: string;
  readonly sensorMaterial: string;
  readonly sensorThickness_m: number;
  /** [x (fast), y (slow)] */
  readonly pixelSize_m: readonly [number, number];
  /** Where the direct beam hits the detector: [x (fast), y (slow)] in pixels. */
  readonly beamCenter_px: readonly [number, number];
  /** Sample to detector along the beam. */
  readonly distance_m: number;
  readonly countTime_s: number;
  readonly frameTime_s: number;
  readonly readoutTime_s: number;
  /** Highest trusted count (DECTRIS `countrate_correction_count_cutoff`). */
  readonly saturationValue: number;
  readonly underloadValue: number;
  readonly bitDepthImage: number;
  readonly bitDepthReadout: number;
  readonly thresholdEnergy_eV: number;
  /**
   * NXmx pixel mask bit field, H×W row-major (bit 0 gap, 1 dead, 2 under-responding,
   * 3 over-responding, 4 noisy, 6 cluster, 8 user, 31 virtual), or null when none is known.
   * The host may back it with a SharedArrayBuffer so workers see it without copies: never mutate
   * it; build a new array in `mapMeta` instead.
   */
  readonly pixelMask: Uint32Array | null;
  /** True when masked pixels hold the masked value (2^bitDepthImage − 1) in the frames. */
  readonly pixelMaskApplied: boolean;
  readonly countrateCorrectionApplied: boolean;
  readonly flatfieldCorrectionApplied: boolean;
  readonly firmwareVersion: string;
}

export interface BeamMeta {
  readonly wavelength_A: number;
  readonly flux_photons_per_s: number | null;
  readonly polarization: number | null;
}

export interface ScanMeta {
  /** Name of the rotation axis ("omega"). */
  readonly axis: string;
  /** Rotation axis direction in NXmx (McStas) coordinates. */
  readonly vector: readonly [number, number, number];
  /** Angle at the start of the first frame. */
  readonly start_deg: number;
  /** Oscillation width of one frame. */
  readonly increment_deg: number;
  /**
   * Start angle of every frame when they are not `start + i × increment` (after a strided
   * selection, for example); length = frameCount.
   */
  readonly angles_deg: readonly number[] | null;
}

export interface SampleMeta {
  readonly name: string;
}

export interface FacilityMeta {
  readonly sourceName: string;
  readonly sourceShortName: string;
  readonly instrumentName: string;
  readonly instrumentShortName: string;
}

export interface Provenance {
  /** Files this dataset was read from, with checksums when known. */
  readonly inputs: readonly ProvenanceInput[];
  /** Every stage that produced or changed these data, in order. */
  readonly steps: readonly ProvenanceStep[];
}

export interface ProvenanceInput {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string | null;
}

export interface ProvenanceStep {
  readonly plugin: string;
  readonly version: string;
  readonly stage: string;
  readonly options: JsonObject;
  /** ISO-8601 time the step ran. */
  readonly time: string;
  /** Host that ran the step, e.g. "@beamstack/host@0.1.0". */
  readonly host: string;
}

/** The angle at the start of frame `i` of a scan. */
export function frameAngle(scan: ScanMeta, i: number): number {
  const explicit = scan.angles_deg?.[i];
  return explicit ?? scan.start_deg + i * scan.increment_deg;
}

/** Pixels whose mask value is nonzero (excluded from use). An indexed loop: masks have 4–18 M entries. */
export function countMasked(mask: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) n++;
  return n;
}
