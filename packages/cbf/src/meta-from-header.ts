import { dtypeInfo, type DatasetMeta, type JsonObject, type JsonPrimitive, type ProvenanceInput, type ProvenanceStep } from '@beamstack/contract';
import { AXIS_LINE_NAMES, axisFromLineName, vectorFromOscillationAxis } from './axes.js';
import { cbfInputError } from './errors.js';
import type { ParsedCbf } from './layout.js';
import { parsePilatusLines, type PilatusLines } from './pilatus-header.js';
import { MAX_CUTOFF } from './pixels.js';
import { joinRecords } from './records.js';
import { parseNumber } from './text.js';

/** What the reader knows about the series beyond the first file's header. */
export interface SeriesFacts {
  readonly frameCount: number;
  /**
   * Frame-number offsets from the first file (n_k − n_1) when the numbering has gaps, so frame k
   * starts at Start_angle + offset × Angle_increment; null for a contiguous series.
   */
  readonly frameOffsets: readonly number[] | null;
  readonly pixelMask: Uint32Array | null;
  readonly inputs: readonly ProvenanceInput[];
}

export interface MetaFromCbf {
  readonly meta: DatasetMeta;
  /** Non-fatal findings (defaults used, unreadable records), for ctx.warn. */
  readonly warnings: readonly string[];
}

/** Keys dxtbx reads unconditionally; a file without them is refused. */
export const REQUIRED_KEYS: readonly string[] = ['Pixel_size', 'Wavelength', 'Detector_distance', 'Beam_xy', 'Exposure_period', 'Start_angle', 'Angle_increment'];

const CONSUMED = new Set([
  ...REQUIRED_KEYS,
  'Detector',
  'Exposure_time',
  'Count_cutoff',
  'Threshold_setting',
  'N_excluded_pixels',
  'Flux',
  'Polarization',
  'Oscillation_axis',
  'N_oscillations',
]);
const MAX_EXTRAS = 200;
const MAX_STEPS = 1000;

/**
 * The DatasetMeta of a miniCBF series from its first file: the Pilatus header lines for
 * everything they express (the first file's Start_angle starts the scan), our "# Beamstack meta"
 * record for the rest, defaults with a warning for optional lines that are missing, and an INPUT
 * error naming the file and the key for required lines that are missing or malformed.
 */
export function metaFromCbf(parsed: ParsedCbf, file: string, series: SeriesFacts): MetaFromCbf {
  const warnings: string[] = [];
  const lines = parsePilatusLines(parsed.cif.contents ?? []);
  const get = (key: string): string | undefined => lines.values.get(key);
  const missing = REQUIRED_KEYS.filter((k) => get(k) === undefined);
  if (missing.length > 0) {
    throw cbfInputError(`the Pilatus header lacks ${missing.map((k) => `"# ${k}"`).join(', ')} (needed for the geometry and scan)`, file);
  }
  const number = (key: string, text: string | undefined, check: (v: number) => boolean = () => true): number => {
    const v = parseNumber(text);
    if (v === undefined || !check(v)) throw cbfInputError(`malformed "# ${key}" line: ${JSON.stringify(get(key))}`, file);
    return v;
  };
  const first = (key: string): string => get(key)!.split(/\s+/)[0]!;
  const positive = (v: number): boolean => v > 0;

  const pixel = /^(\S+)\s*m\s*x\s*(\S+)\s*m\b/.exec(get('Pixel_size')!);
  const pixelSize: [number, number] = [number('Pixel_size', pixel?.[1], positive), number('Pixel_size', pixel?.[2], positive)];
  const beam = /\(\s*([^,\s]+)\s*,\s*([^)\s]+)\s*\)/.exec(get('Beam_xy')!);
  const beamCenter: [number, number] = [number('Beam_xy', beam?.[1]), number('Beam_xy', beam?.[2])];
  const wavelength = number('Wavelength', first('Wavelength'), positive);
  const distance = number('Detector_distance', first('Detector_distance'));
  const period = number('Exposure_period', first('Exposure_period'), (v) => v >= 0);
  const start = number('Start_angle', first('Start_angle'));
  const increment = number('Angle_increment', first('Angle_increment'));

  const record = readMetaRecord(lines, warnings);
  const defaulted: string[] = [];
  const optional = (key: string, fallback: number, check: (v: number) => boolean = () => true): number => {
    if (get(key) === undefined) {
      defaulted.push(key);
      return fallback;
    }
    return number(key, first(key), check);
  };
  const dtype = parsed.binary.dtype;
  const exposure = optional('Exposure_time', period, (v) => v >= 0);
  const cutoff = optional('Count_cutoff', Math.min(dtypeInfo(dtype).max, MAX_CUTOFF), Number.isInteger);
  const threshold = optional('Threshold_setting', 0);
  const flux = get('Flux') === undefined ? null : number('Flux', first('Flux'));
  const polarization = get('Polarization') === undefined ? null : number('Polarization', first('Polarization'));

  const detectorLine = parseDetectorLine(get('Detector'));
  if (detectorLine === null) defaulted.push('Detector');
  const sensor = parseSensor(lines, file);
  if (sensor === null) defaulted.push('<material> sensor, thickness');
  let startTime = '1970-01-01T00:00:00.000Z';
  const parsedTime = lines.timestamp === null ? null : parseTimestamp(lines.timestamp);
  // The timestamp line is this file's own; the record holds the start of the series it was written in.
  if (parsedTime !== null) startTime = parsedTime;
  else if (typeof record['startTime'] === 'string' && Number.isFinite(Date.parse(record['startTime']))) startTime = record['startTime'];
  else defaulted.push('timestamp');
  if (defaulted.length > 0) warnings.push(`${file}: the Pilatus header lacks ${defaulted.map((k) => `"# ${k}"`).join(', ')}; defaults used`);

  const { axis, vector } = scanAxis(lines, record, increment);
  const extras: Record<string, JsonPrimitive> = {};
  let extraCount = 0;
  for (const [key, value] of lines.values) {
    if (CONSUMED.has(key) || (axis && (key === axisLine(axis) || key === `${axisLine(axis)}_increment`))) continue;
    if (extraCount++ >= MAX_EXTRAS) break;
    extras[key] = value.length > 200 ? value.slice(0, 200) : value;
  }
  const bits = dtypeInfo(dtype).bytes * 8;
  const meta: DatasetMeta = {
    frameCount: series.frameCount,
    shape: [parsed.binary.second, parsed.binary.fastest],
    dtype,
    detector: {
      description: str(record['description']) ?? detectorLine?.description ?? '',
      serialNumber: str(record['serialNumber']) ?? detectorLine?.serial ?? '',
      sensorMaterial: sensor?.material ?? '',
      sensorThickness_m: sensor?.thickness ?? 0,
      pixelSize_m: pixelSize,
      beamCenter_px: beamCenter,
      distance_m: distance,
      countTime_s: exposure,
      frameTime_s: period,
      readoutTime_s: num(record['readoutTime_s']) ?? Math.max(0, period - exposure),
      // eiger2cbf writes the cutoff one above the highest trusted count; our writer does the same.
      saturationValue: cutoff - 1,
      underloadValue: num(record['underloadValue']) ?? -1,
      bitDepthImage: bits,
      bitDepthReadout: num(record['bitDepthReadout']) ?? bits,
      thresholdEnergy_eV: threshold,
      pixelMask: series.pixelMask,
      pixelMaskApplied: true,
      countrateCorrectionApplied: bool(record['countrateCorrectionApplied']) ?? true,
      flatfieldCorrectionApplied: bool(record['flatfieldCorrectionApplied']) ?? true,
      firmwareVersion: str(record['firmwareVersion']) ?? '',
    },
    beam: { wavelength_A: wavelength, flux_photons_per_s: flux === 0 ? null : flux, polarization },
    scan: {
      axis,
      vector,
      start_deg: start,
      increment_deg: increment,
      angles_deg: series.frameOffsets ? series.frameOffsets.map((k) => start + k * increment) : null,
    },
    sample: { name: str(record['sample']) ?? '' },
    facility: facilityOf(record['facility']),
    startTime,
    provenance: { inputs: [...series.inputs], steps: readSteps(lines, warnings, file) },
    extras,
  };
  return { meta, warnings };
}

function axisLine(axis: string): string {
  return axis.charAt(0).toUpperCase() + axis.slice(1);
}

/** "Dectris EIGER2 Si 4M, S/N E-32-0000" → description and serial number. */
function parseDetectorLine(value: string | undefined): { description: string; serial: string } | null {
  if (value === undefined) return null;
  const at = value.lastIndexOf(', S/N');
  if (at < 0) return { description: value.trim(), serial: '' };
  return { description: value.slice(0, at).trim(), serial: value.slice(at + 5).trim() };
}

function parseSensor(lines: PilatusLines, file: string): { material: string; thickness: number } | null {
  if (!lines.sensor) return null;
  const m = /^thickness\s+(\S+)\s*m\b/.exec(lines.sensor.rest.trim());
  const thickness = parseNumber(m?.[1]);
  if (thickness === undefined || thickness < 0) throw cbfInputError(`malformed sensor line: "${lines.sensor.material} sensor, ${lines.sensor.rest}"`, file);
  return { material: lines.sensor.material === 'Silicon' ? 'Si' : lines.sensor.material, thickness };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Pilatus timestamps ("2024-05-01T12:00:00.000", "2024/May/01 12:00:00.000") as ISO UTC. */
export function parseTimestamp(text: string): string | null {
  const m = /^(\d{4})[-/](\d{2}|[A-Za-z]{3})[-/](\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return null;
  const month = /^\d+$/.test(m[2]!) ? Number(m[2]) : MONTHS.findIndex((x) => x.toLowerCase() === m[2]!.toLowerCase()) + 1;
  const ms = Number(((m[7] ?? '') + '000').slice(0, 3));
  const t = Date.UTC(Number(m[1]), month - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms);
  if (month < 1 || month > 12 || !Number.isFinite(t)) return null;
  return new Date(t).toISOString();
}

/**
 * The scan axis: our record's name and vector if present; else the goniometer line whose
 * increment is the scan's (Omega, Phi, Chi, Kappa), else omega; the vector from
 * `# Oscillation_axis`, else McStas −x (what dxtbx assumes).
 */
function scanAxis(lines: PilatusLines, record: JsonObject, increment: number): { axis: string; vector: [number, number, number] } {
  const v = record['vector'];
  const recordVector = Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x)) ? (v as [number, number, number]) : null;
  let axis = str(record['axis']);
  if (!axis) {
    const moving = AXIS_LINE_NAMES.find((name) => {
      const inc = parseNumber(lines.values.get(`${name}_increment`)?.split(/\s+/)[0]);
      return inc !== undefined && inc !== 0 && Math.abs(inc - increment) < 1e-9;
    });
    axis = moving ? axisFromLineName(moving) : 'omega';
  }
  const oscillation = lines.values.get('Oscillation_axis');
  const vector = recordVector ?? (oscillation ? vectorFromOscillationAxis(oscillation) : null) ?? [-1, 0, 0];
  return { axis, vector };
}

function readMetaRecord(lines: PilatusLines, warnings: string[]): JsonObject {
  const text = joinRecords(lines.records).get('meta');
  if (text === undefined) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as JsonObject;
  } catch {
    // reported below
  }
  warnings.push('the "# Beamstack meta" record is unreadable; ignored');
  return {};
}

/** Earlier processing steps our writer recorded, so a CBF → … chain keeps its lineage. */
function readSteps(lines: PilatusLines, warnings: string[], file: string): ProvenanceStep[] {
  const records = joinRecords(lines.records);
  const steps: ProvenanceStep[] = [];
  for (let k = 1; k <= MAX_STEPS; k++) {
    const text = records.get(`step${k}`);
    if (text === undefined) break;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      warnings.push(`${file}: provenance record step${k} is unreadable; earlier history ends there`);
      break;
    }
    const o = value as Record<string, unknown>;
    if (typeof o?.['plugin'] !== 'string') break;
    const options = o['options'];
    steps.push({
      plugin: o['plugin'],
      version: str(o['version']) ?? '',
      stage: str(o['stage']) ?? '',
      options: options !== null && typeof options === 'object' && !Array.isArray(options) ? (options as JsonObject) : {},
      time: str(o['time']) ?? '',
      host: str(o['host']) ?? '',
    });
  }
  if (records.has('omitted')) warnings.push(`${file}: the header says some provenance did not fit; the history read back is incomplete`);
  return steps;
}

function facilityOf(value: unknown): DatasetMeta['facility'] {
  const o = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  return {
    sourceName: str(o['sourceName']) ?? '',
    sourceShortName: str(o['sourceShortName']) ?? '',
    instrumentName: str(o['instrumentName']) ?? '',
    instrumentShortName: str(o['instrumentShortName']) ?? '',
  };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
function bool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}
