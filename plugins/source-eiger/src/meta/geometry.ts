import { isPixelUnit, unitFactor } from '../units.js';
import type { MetaInput } from './context.js';
import { under } from './locate.js';

export interface Geometry {
  readonly pixelSize_m: readonly [number, number];
  readonly beamCenter_px: readonly [number, number];
  readonly distance_m: number;
}

/** DECTRIS pixels are 75 µm; the customary default when a file states none. */
export const DEFAULT_PIXEL_SIZE_M = 75e-6;
/** Beam centre mismatch (pixels) between beam_center_x/y and module_offset worth reporting. */
const CENTRE_TOLERANCE_PX = 0.05;

/**
 * Pixel size, beam centre and distance. The beam centre comes from beam_center_x/y (DECTRIS,
 * what CBF and DIALS report) and is cross-checked against the NXmx module_offset, which places the
 * beam at (offset_x / px, offset_y / py) when the fast/slow axes are the standard −x/−y (FORMATS
 * §7.2). Old firmware writes a zero offset; that is not reported.
 */
export function readGeometry(input: MetaInput): Geometry {
  const { fields, paths, shape } = input;
  const { notes } = fields;
  const det = paths.detector;
  const spec = paths.detectorSpecific;

  const pixel = (axis: 'x' | 'y'): number => {
    const direction = under(paths.module, axis === 'x' ? 'fast_pixel_direction' : 'slow_pixel_direction');
    const v =
      positive(fields.quantity(under(det, `${axis}_pixel_size`), 'length', 'm')) ??
      positive(fields.quantity(under(spec, `${axis}_pixel_size`), 'length', 'm')) ??
      positive(fields.quantity(direction, 'length', 'mm'));
    if (v !== undefined) return v;
    notes.missing(`${axis}_pixel_size`, `${DEFAULT_PIXEL_SIZE_M} m`);
    return DEFAULT_PIXEL_SIZE_M;
  };
  const pixelSize: [number, number] = [pixel('x'), pixel('y')];

  const fromOffset = centreFromModuleOffset(input, pixelSize);
  const centre = (axis: 'x' | 'y', k: 0 | 1): number | undefined => {
    const path = under(det, `beam_center_${axis}`);
    const v = fields.num(path);
    if (v === undefined || path === null) return undefined;
    const units = fields.attrStr(path, 'units');
    if (units === undefined || units.trim() === '' || isPixelUnit(units)) return v;
    const f = unitFactor('length', units);
    if (f === null) {
      notes.warn(`unknown unit ${JSON.stringify(units)} for beam_center_${axis}; assuming pixels`, { dataset: path });
      return v;
    }
    return (v * f) / pixelSize[k];
  };
  const bx = centre('x', 0);
  const by = centre('y', 1);
  let beamCenter: [number, number];
  if (bx !== undefined && by !== undefined) {
    beamCenter = [bx, by];
    if (fromOffset && (Math.abs(fromOffset[0] - bx) > CENTRE_TOLERANCE_PX || Math.abs(fromOffset[1] - by) > CENTRE_TOLERANCE_PX)) {
      notes.warn(
        `beam_center_x/y (${bx}, ${by}) px disagree with module_offset, which puts the beam at (${fromOffset[0].toFixed(3)}, ${fromOffset[1].toFixed(3)}) px; using beam_center_x/y`,
        { dataset: under(paths.module, 'module_offset') ?? '' },
      );
    }
  } else if (fromOffset) {
    beamCenter = fromOffset;
  } else {
    beamCenter = [shape[1] / 2, shape[0] / 2];
    notes.missing('beam_center_x/y', 'the frame centre');
  }

  return { pixelSize_m: pixelSize, beamCenter_px: beamCenter, distance_m: readDistance(input) };
}

/**
 * Where module_offset puts the direct beam, in pixels, when the module uses the standard axes;
 * null when there is no usable offset (absent, zero as in old firmware, or unusual axes).
 */
function centreFromModuleOffset(input: MetaInput, pixelSize: readonly [number, number]): [number, number] | null {
  const { fields, paths } = input;
  const path = under(paths.module, 'module_offset');
  if (path === null || fields.file.kind(path) !== 'dataset') return null;
  const value = fields.num(path) ?? 0;
  const vector = fields.attrNums(path, 'vector') ?? [0, 0, 0];
  const offset = fields.attrNums(path, 'offset') ?? [0, 0, 0];
  if (vector.length !== 3 || offset.length !== 3) return null;
  const valueToM = fields.factor(path, 'length', 'mm');
  const offsetToM = fields.attrStr(path, 'offset_units') !== undefined ? fields.factor(path, 'length', 'mm', 'offset_units') : valueToM;
  const origin = [0, 1].map((k) => offset[k]! * offsetToM + value * vector[k]! * valueToM);
  if (origin[0] === 0 && origin[1] === 0) return null;
  if (!isAxis(input, 'fast_pixel_direction', [-1, 0, 0]) || !isAxis(input, 'slow_pixel_direction', [0, -1, 0])) return null;
  return [origin[0]! / pixelSize[0], origin[1]! / pixelSize[1]];
}

function isAxis(input: MetaInput, name: string, expected: readonly number[]): boolean {
  const v = input.fields.attrNums(under(input.paths.module, name), 'vector');
  if (!v || v.length !== 3) return true; // no vector: the standard axes are implied
  const norm = Math.hypot(v[0]!, v[1]!, v[2]!);
  return norm > 0 && v.every((x, i) => Math.abs(x / norm - expected[i]!) < 1e-6);
}

/** detector_distance (DECTRIS), else distance (NXmx), else the det_z translation; cross-checked. */
function readDistance(input: MetaInput): number {
  const { fields, paths } = input;
  const det = paths.detector;
  const candidates: [string, number | undefined][] = [
    ['detector_distance', positive(fields.quantity(under(det, 'detector_distance'), 'length', 'm'))],
    ['distance', positive(fields.quantity(under(det, 'distance'), 'length', 'm'))],
    ['transformations/det_z', detZ(input)],
  ];
  const known = candidates.filter((c): c is [string, number] => c[1] !== undefined);
  if (known.length === 0) {
    fields.notes.missing('detector_distance', '0.1 m');
    return 0.1;
  }
  const [name, chosen] = known[0]!;
  for (const [other, v] of known.slice(1)) {
    if (Math.abs(v - chosen) > 1e-6 + 1e-4 * chosen) {
      fields.notes.warn(`${name} = ${chosen} m but ${other} = ${v} m; using ${name}`, { dataset: under(det, name) ?? '' });
    }
  }
  return chosen;
}

function detZ(input: MetaInput): number | undefined {
  const { fields, paths } = input;
  const path = under(paths.detector, 'transformations/det_z');
  if (path === null || fields.file.kind(path) !== 'dataset') return undefined;
  const v = fields.quantity(path, 'length', 'mm');
  if (v === undefined) return undefined;
  const vector = fields.attrNums(path, 'vector') ?? [0, 0, 1];
  return positive(v * (vector[2] ?? 1));
}

function positive(v: number | undefined): number | undefined {
  return v !== undefined && Number.isFinite(v) && v > 0 ? v : undefined;
}
