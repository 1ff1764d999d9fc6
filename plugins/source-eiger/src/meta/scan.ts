import type { ScanMeta } from '@beamstack/contract';
import type { MetaInput } from './context.js';
import { under } from './locate.js';

/** The rotation axis assumed when a file describes none (DECTRIS/MX convention). */
export const DEFAULT_SCAN: Omit<ScanMeta, 'angles_deg'> = { axis: 'omega', vector: [-1, 0, 0], start_deg: 0, increment_deg: 0 };

/** Relative tolerance when deciding whether per-frame angles are start + i × increment. */
const UNIFORM_TOLERANCE_DEG = 1e-6;
const MAX_CHAIN = 32;

interface Axis {
  readonly path: string;
  readonly name: string;
  readonly vector: readonly [number, number, number];
  readonly angles: readonly number[];
}

/**
 * The rotation scan: the axis is found by following NXsample/depends_on (the first rotation whose
 * values vary, else the first rotation), as dxtbx does; without it /entry/sample/transformations/
 * omega or the DECTRIS goniometer copy. Start = first angle; increment from <axis>_end − <axis>,
 * <axis>_increment_set, goniometer/<axis>_increment or the angle differences. Per-frame angles
 * are kept only when they are not start + i × increment.
 */
export function readScan(input: MetaInput): ScanMeta {
  const { fields, paths, frameCount } = input;
  const axis = findAxis(input);
  if (!axis) {
    fields.notes.missing('rotation axis (NXsample/depends_on → omega)', 'omega about (−1, 0, 0) starting at 0° with 0° per frame');
    return { ...DEFAULT_SCAN, angles_deg: null };
  }
  const parent = axis.path.slice(0, axis.path.lastIndexOf('/'));
  const angles = axis.angles;
  const start = angles[0] ?? 0;
  const gon = under(paths.sample, 'goniometer');
  const endFirst = fields.quantities(`${parent}/${axis.name}_end`, 'angle', 'deg')?.[0] ?? fields.quantities(under(gon, `${axis.name}_end`), 'angle', 'deg')?.[0];
  const fromEnd = endFirst !== undefined && angles.length > 0 ? endFirst - start : undefined;
  // The set increment first: it is exact, while end − start carries rounding (10.1 − 10 ≠ 0.1).
  const increment =
    fields.quantity(`${parent}/${axis.name}_increment_set`, 'angle', 'deg') ??
    fields.quantity(under(gon, `${axis.name}_increment`), 'angle', 'deg') ??
    fromEnd ??
    fields.quantity(under(gon, `${axis.name}_range_average`), 'angle', 'deg') ??
    (angles.length > 1 ? median(angles.slice(1).map((a, i) => a - angles[i]!)) : undefined);
  if (increment !== undefined && fromEnd !== undefined && Math.abs(fromEnd - increment) > 1e-6 * Math.max(1, Math.abs(increment))) {
    fields.notes.warn(`${axis.name}_end − ${axis.name} = ${fromEnd}° but the set increment is ${increment}°; using the set increment`, { dataset: axis.path });
  }
  if (increment === undefined) fields.notes.missing(`${axis.name} increment`, '0°');
  const step = increment ?? 0;

  let explicit: number[] | null = null;
  if (angles.length > 1) {
    const uniform = angles.every((a, i) => Math.abs(a - (start + i * step)) <= UNIFORM_TOLERANCE_DEG * Math.max(1, Math.abs(a)));
    if (!uniform) {
      if (angles.length === frameCount) explicit = [...angles];
      else {
        fields.notes.warn(`${axis.name} holds ${angles.length} irregular angles for ${frameCount} frames; using start + i × increment`, { dataset: axis.path });
      }
    }
  }
  if (angles.length !== frameCount && angles.length > 1 && explicit === null) {
    fields.notes.warn(`${axis.name} holds ${angles.length} angles for ${frameCount} frames`, { dataset: axis.path });
  }
  return { axis: axis.name, vector: axis.vector, start_deg: start, increment_deg: step, angles_deg: explicit };
}

function findAxis(input: MetaInput): Axis | null {
  const { fields, paths } = input;
  const chain: Axis[] = [];
  let next = fields.str(under(paths.sample, 'depends_on'));
  const seen = new Set<string>();
  while (next && next !== '.' && chain.length < MAX_CHAIN && !seen.has(next)) {
    seen.add(next);
    const path = next.startsWith('/') ? next : under(paths.sample, next);
    if (path === null) break;
    const axis = axisAt(input, path);
    if (axis) chain.push(axis);
    next = fields.attrStr(path, 'depends_on');
  }
  const rotations = chain.filter((a) => isRotation(input, a.path));
  const varying = rotations.find((a) => new Set(a.angles).size > 1);
  if (varying ?? rotations[0]) return varying ?? rotations[0]!;
  for (const candidate of [under(paths.sample, 'transformations/omega'), under(paths.sample, 'goniometer/omega')]) {
    if (candidate === null) continue;
    const axis = axisAt(input, candidate);
    if (axis) return axis;
  }
  return null;
}

function axisAt(input: MetaInput, path: string): Axis | null {
  const { fields } = input;
  if (fields.file.kind(path) !== 'dataset') return null;
  const angles = fields.quantities(path, 'angle', 'deg');
  if (!angles || angles.some((a) => !Number.isFinite(a))) return null;
  const v = fields.attrNums(path, 'vector');
  const vector: [number, number, number] = v && v.length === 3 ? [v[0]!, v[1]!, v[2]!] : [-1, 0, 0];
  return { path, name: path.slice(path.lastIndexOf('/') + 1), vector, angles };
}

function isRotation(input: MetaInput, path: string): boolean {
  const type = input.fields.attrStr(path, 'transformation_type');
  return type === undefined || type.trim().toLowerCase() === 'rotation';
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
