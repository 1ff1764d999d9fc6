import { BeamstackError, ErrorCodes, frameAngle, type DatasetMeta, type JsonObject } from '@beamstack/contract';
import { CRLF, TEXT_BUDGET } from './constants.js';
import { detectorIdentity, type DetectorIdentity } from './detector-line.js';
import { cbfConversion, type CbfConversion } from './pixels.js';
import { linesLength, recordLines } from './records.js';
import { compactJson, formatNumber, headerText } from './text.js';
import { axisLineName, oscillationAxis } from './axes.js';

/** Format version of our "# Beamstack meta" record. */
export const META_RECORD_VERSION = 1;

/** Pilatus keys a dataset's extras may carry into the header (values from an earlier CBF). */
export const PASSED_ON_KEYS: readonly string[] = [
  'Tau',
  'Gain_setting',
  'Excluded_pixels',
  'Flat_field',
  'Trim_file',
  'Image_path',
  'Energy_range',
  'Detector_Voffset',
  'Filter_transmission',
  'Detector_2theta',
  'Alpha',
  'Kappa',
  'Chi',
  'Chi_increment',
  'Phi',
  'Phi_increment',
  'Omega',
  'Omega_increment',
  'Shutter_time',
];

/** Everything about a dataset's headers that does not change from frame to frame. */
export interface HeaderPlan {
  readonly identity: DetectorIdentity;
  readonly conversion: CbfConversion;
  /** Lines before the timestamp (the detector line). */
  readonly head: readonly string[];
  /** Lines between the timestamp and the per-frame angles. */
  readonly middle: readonly string[];
  /** Pilatus name of the scan axis ("Omega"), when it has one. */
  readonly axisLine: string | null;
  /** Lines after the angles: axis, extras, our records. */
  readonly tail: readonly string[];
  /** Milliseconds of frame 0's start, and per frame. */
  readonly startMs: number;
  readonly frameMs: number;
  /** Provenance steps and inputs that did not fit the header budget. */
  readonly omitted: { readonly steps: number; readonly inputs: number };
}

const plans = new WeakMap<DatasetMeta, HeaderPlan>();

/** Room kept for the per-frame lines, the CIF wrapping and the first line. */
const RESERVED = 700;
/** A provenance step longer than this is written without its options. */
const MAX_STEP_JSON = 1500;

/**
 * The header plan of a dataset, built once per description (cached, so a worker builds it once
 * per run). Throws OUTPUT when the description cannot make a readable header.
 */
export function headerPlan(meta: DatasetMeta): HeaderPlan {
  let plan = plans.get(meta);
  if (!plan) {
    plan = buildPlan(meta);
    plans.set(meta, plan);
  }
  return plan;
}

function buildPlan(meta: DatasetMeta): HeaderPlan {
  checkMeta(meta);
  const d = meta.detector;
  const identity = detectorIdentity(meta);
  const conversion = cbfConversion(meta);
  const n = formatNumber;
  const middle = [
    `# Pixel_size ${n(d.pixelSize_m[0])} m x ${n(d.pixelSize_m[1])} m`,
    ...(d.sensorMaterial ? [`# ${sensorName(d.sensorMaterial)} sensor, thickness ${n(finiteOr(d.sensorThickness_m, 0))} m`] : []),
    `# Exposure_time ${n(finiteOr(d.countTime_s, 0))} s`,
    `# Exposure_period ${n(finiteOr(d.frameTime_s, 0))} s`,
    `# Count_cutoff ${conversion.cutoff} counts`,
    `# Threshold_setting: ${n(finiteOr(d.thresholdEnergy_eV, 0))} eV`,
    ...(conversion.plan ? [`# N_excluded_pixels = ${conversion.excluded}`] : []),
    `# Wavelength ${n(meta.beam.wavelength_A)} A`,
    `# Detector_distance ${n(d.distance_m)} m`,
    `# Beam_xy (${n(d.beamCenter_px[0])}, ${n(d.beamCenter_px[1])}) pixels`,
    ...(meta.beam.flux_photons_per_s !== null && Number.isFinite(meta.beam.flux_photons_per_s) ? [`# Flux ${n(meta.beam.flux_photons_per_s)}`] : []),
    ...(meta.beam.polarization !== null && Number.isFinite(meta.beam.polarization) ? [`# Polarization ${n(meta.beam.polarization)}`] : []),
  ];
  const axisLine = axisLineName(meta.scan.axis);
  const oscillation = oscillationAxis(meta.scan.vector);
  const tail = [...(oscillation ? [`# Oscillation_axis ${oscillation}`] : []), '# N_oscillations 1', ...extrasLines(meta, axisLine)];
  const metaRecord = recordLines('meta', compactJson(metaRecordOf(meta)));
  let used = RESERVED + linesLength([...identity.line.split(CRLF), ...middle, ...tail, ...metaRecord]);
  const records = [...metaRecord];
  const steps = meta.provenance.steps;
  const inputs = meta.provenance.inputs;
  let stepsWritten = 0;
  let inputsWritten = 0;
  // Steps first (how the data were made), then inputs, while the text stays inside fabio's window.
  for (const step of steps) {
    let json = compactJson({ ...step });
    if (json.length > MAX_STEP_JSON) json = compactJson({ ...step, options: { truncated: `${JSON.stringify(step.options).length} characters of options left out` } as JsonObject });
    const lines = recordLines(`step${stepsWritten + 1}`, json);
    if (used + linesLength(lines) > TEXT_BUDGET - 200) break;
    used += linesLength(lines);
    records.push(...lines);
    stepsWritten++;
  }
  for (const input of stepsWritten === steps.length ? inputs : []) {
    const lines = recordLines(`input${inputsWritten + 1}`, compactJson({ path: input.path, bytes: input.bytes, sha256: input.sha256 }));
    if (used + linesLength(lines) > TEXT_BUDGET - 200) break;
    used += linesLength(lines);
    records.push(...lines);
    inputsWritten++;
  }
  const omitted = { steps: steps.length - stepsWritten, inputs: inputs.length - inputsWritten };
  if (omitted.steps > 0 || omitted.inputs > 0) records.push(...recordLines('omitted', compactJson(omitted)));
  const startMs = Date.parse(meta.startTime);
  return {
    identity,
    conversion,
    head: [identity.line],
    middle,
    axisLine,
    tail: [...tail, ...records],
    startMs: Number.isFinite(startMs) ? startMs : 0,
    frameMs: finiteOr(d.frameTime_s, 0) * 1000,
    omitted,
  };
}

/** The Pilatus header lines of frame `index` (0-based). */
export function frameContents(plan: HeaderPlan, meta: DatasetMeta, index: number): string[] {
  const angle = frameAngle(meta.scan, index);
  const increment = meta.scan.increment_deg;
  const n = formatNumber;
  const angles = [`# Start_angle ${n(finiteOr(angle, 0))} deg.`, `# Angle_increment ${n(finiteOr(increment, 0))} deg.`];
  if (plan.axisLine) angles.push(`# ${plan.axisLine} ${n(finiteOr(angle, 0))} deg.`, `# ${plan.axisLine}_increment ${n(finiteOr(increment, 0))} deg.`);
  return [...plan.head, `# ${pilatusTimestamp(plan.startMs + index * plan.frameMs)}`, ...plan.middle, ...angles, ...plan.tail];
}

/** "2024-05-01T12:00:00.000": UTC, milliseconds, no zone (dxtbx parses exactly this form). */
export function pilatusTimestamp(ms: number): string {
  const date = new Date(Number.isFinite(ms) ? ms : 0);
  return (Number.isNaN(date.getTime()) ? new Date(0) : date).toISOString().slice(0, 23);
}

function metaRecordOf(meta: DatasetMeta): JsonObject {
  const d = meta.detector;
  return {
    v: META_RECORD_VERSION,
    description: d.description,
    serialNumber: d.serialNumber,
    axis: meta.scan.axis,
    vector: [...meta.scan.vector],
    readoutTime_s: finiteOr(d.readoutTime_s, 0),
    underloadValue: finiteOr(d.underloadValue, -1),
    bitDepthReadout: finiteOr(d.bitDepthReadout, 32),
    firmwareVersion: d.firmwareVersion,
    countrateCorrectionApplied: d.countrateCorrectionApplied,
    flatfieldCorrectionApplied: d.flatfieldCorrectionApplied,
    startTime: meta.startTime,
    sample: meta.sample.name,
    facility: { ...meta.facility },
  };
}

function extrasLines(meta: DatasetMeta, axisLine: string | null): string[] {
  const lines: string[] = [];
  for (const key of PASSED_ON_KEYS) {
    if (axisLine && (key === axisLine || key === `${axisLine}_increment`)) continue;
    const value = meta.extras[key];
    if (value === undefined || value === null || value === '') continue;
    lines.push(`# ${key} ${headerText(String(value), 120)}`);
  }
  return lines;
}

/** dxtbx and fabio know "Silicon" and "CdTe" sensor lines; NXmx says "Si". */
function sensorName(material: string): string {
  const m = headerText(material, 40).replace(/\s+/g, '_');
  return m === 'Si' ? 'Silicon' : m;
}

function finiteOr(value: number, fallback: number): number {
  return Number.isFinite(value) ? value : fallback;
}

function checkMeta(meta: DatasetMeta): void {
  const d = meta.detector;
  const bad = (what: string, value: unknown): BeamstackError =>
    new BeamstackError(ErrorCodes.OUTPUT, `cannot write a CBF header: ${what} is ${JSON.stringify(value)}`, {});
  const positive = (what: string, v: number): void => {
    if (!(Number.isFinite(v) && v > 0)) throw bad(what, v);
  };
  positive('the x pixel size', d.pixelSize_m[0]);
  positive('the y pixel size', d.pixelSize_m[1]);
  positive('the wavelength', meta.beam.wavelength_A);
  if (!Number.isFinite(d.distance_m)) throw bad('the detector distance', d.distance_m);
  if (!Number.isFinite(d.beamCenter_px[0]) || !Number.isFinite(d.beamCenter_px[1])) throw bad('the beam centre', d.beamCenter_px);
}
