import { isBeamstackError } from '@beamstack/contract';
import { invalid } from './errors.js';
import { attributeMessage } from './messages.js';
import { checkAttributeName } from './names.js';
import type { ObjectNode } from './tree.js';
import type { FilterSpec } from './types.js';
import { toValue, type Hdf5Value, type ValueInput } from './values.js';
import type { VirtualSource } from './virtual.js';

const MAX_FILTERS = 32;
const MAX_CD_VALUES = 256;
const MAX_VIRTUAL_SOURCES = 1 << 20;

/** Validates an attribute; encoding it now reports an oversized value at the call. */
export function checkedAttribute(name: string, input: ValueInput, file: string, path: string): Hdf5Value {
  checkAttributeName(name, file, path);
  const value = toValue(input, `${path}@${name}`);
  try {
    attributeMessage(name, value);
  } catch (e) {
    throw isBeamstackError(e) ? e.withContext({ file, dataset: path }) : e;
  }
  return value;
}

/** Validates a whole set of attributes before anything is changed. */
export function checkedAttributes(attrs: Readonly<Record<string, ValueInput>>, file: string, path: string): Map<string, Hdf5Value> {
  const out = new Map<string, Hdf5Value>();
  for (const [name, input] of Object.entries(attrs)) out.set(name, checkedAttribute(name, input, file, path));
  return out;
}

export function setAttribute(node: ObjectNode, name: string, input: ValueInput, file: string, path: string): void {
  node.attrs.set(name, checkedAttribute(name, input, file, path));
}

export function checkFilters(filters: readonly FilterSpec[], context: { file: string; dataset: string }): FilterSpec[] {
  if (!Array.isArray(filters) || filters.length > MAX_FILTERS) throw invalid(`at most ${MAX_FILTERS} filters`, context);
  return filters.map((f) => {
    const cd = [...(f.cdValues ?? [])];
    const flags = f.flags ?? 0;
    if (!Number.isInteger(f.id) || f.id < 1 || f.id > 0xffff) throw invalid(`filter id ${String(f.id)} out of range 1..65535`, context);
    if (!Number.isInteger(flags) || flags < 0 || flags > 0xffff) throw invalid(`filter ${f.id} flags out of range`, context);
    if (cd.length > MAX_CD_VALUES || cd.some((v) => !Number.isInteger(v) || v < 0 || v > 0xffff_ffff)) {
      throw invalid(`filter ${f.id} client data must be at most ${MAX_CD_VALUES} unsigned 32-bit integers`, context);
    }
    if (f.name !== undefined && (typeof f.name !== 'string' || f.name.length > 255 || f.name.includes('\0'))) {
      throw invalid(`filter ${f.id} name must be a string of at most 255 characters`, context);
    }
    return { id: f.id, flags, cdValues: cd, ...(f.name !== undefined ? { name: f.name } : {}) };
  });
}

export function checkSources(
  sources: readonly VirtualSource[],
  frames: number,
  context: { file: string; dataset: string },
): VirtualSource[] {
  if (!Array.isArray(sources) || sources.length > MAX_VIRTUAL_SOURCES) throw invalid('sources must be an array', context);
  const checked = sources.map((s) => {
    if (typeof s.file !== 'string' || s.file === '' || s.file.includes('\0')) throw invalid('virtual source file must be a non-empty name', context);
    if (typeof s.dataset !== 'string' || s.dataset === '' || s.dataset.includes('\0')) throw invalid('virtual source dataset must be a non-empty path', context);
    if (!Number.isInteger(s.frames) || s.frames < 1 || !Number.isInteger(s.firstFrame) || s.firstFrame < 0 || s.firstFrame + s.frames > frames) {
      throw invalid(`virtual source ${s.file} frames ${s.firstFrame}+${s.frames} outside 0..${frames}`, context);
    }
    return { file: s.file, dataset: s.dataset, frames: s.frames, firstFrame: s.firstFrame };
  });
  const sorted = [...checked].sort((a, b) => a.firstFrame - b.firstFrame);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.firstFrame < sorted[i - 1]!.firstFrame + sorted[i - 1]!.frames) throw invalid('virtual sources overlap', context);
  }
  return checked;
}

