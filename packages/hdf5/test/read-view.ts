/**
 * h5py's view of HDF5 files (test/py/h5view.py) and comparisons of the reader against it.
 */
import { expect } from 'vitest';
import type { Hdf5DatasetReader, Hdf5Reader, Hdf5ReadValue } from '../src/index.js';
import { runScript, sha256 } from './helpers.js';

export interface ViewValue {
  readonly t: 'int' | 'float' | 'str';
  readonly scalar: boolean;
  readonly bits?: number;
  readonly v: readonly (string | number | null)[];
}
export interface ViewLink {
  readonly name: string;
  readonly kind: 'hard' | 'soft' | 'external';
  readonly target?: string;
  readonly file?: string;
}
export interface ViewChunk {
  readonly offset: readonly number[];
  readonly missing?: boolean;
  readonly mask?: number;
  readonly size?: number;
  readonly sha256?: string;
}
export interface ViewObject {
  readonly kind: 'group' | 'dataset';
  readonly links?: readonly ViewLink[];
  readonly attrs: Record<string, ViewValue | null>;
  readonly shape?: readonly number[];
  readonly maxshape?: readonly (number | null)[];
  readonly chunks?: readonly number[] | null;
  readonly dtype?: string;
  readonly layout?: string;
  readonly filters?: readonly { id: number; flags: number; cd: number[] }[];
  readonly fill_defined?: boolean;
  readonly fillvalue?: string;
  readonly chunk_info?: { count: number; listed: boolean; chunks: readonly ViewChunk[] };
  readonly virtual?: readonly unknown[];
  readonly value_sha256?: string;
  readonly value_f16?: readonly number[];
  readonly value?: ViewValue;
  readonly value_error?: string;
}
export type View = Record<string, { readonly objects: Record<string, ViewObject> }>;

export function h5view(files: readonly string[]): View {
  return runScript<View>('h5view.py', files);
}

export function makeFixtures(dir: string, large = false): Record<string, string> {
  return runScript<{ files: Record<string, string> }>('read_fixtures.py', large ? [dir, '--large'] : [dir]).files;
}

type Canonical = { t: 'int' | 'float' | 'str'; scalar: boolean; v: (string | number | null)[] };

/** Our value in the view's JSON form (integers as decimal strings, NaN as null). */
export function canonical(value: Hdf5ReadValue): Canonical {
  const num = (x: number): number | null => (Number.isNaN(x) ? null : x);
  if (typeof value === 'string') return { t: 'str', scalar: true, v: [value] };
  if (typeof value === 'bigint') return { t: 'int', scalar: true, v: [value.toString()] };
  if (typeof value === 'number') return { t: Number.isInteger(value) ? 'int' : 'float', scalar: true, v: [value] };
  if (Array.isArray(value)) {
    if (value.every((x) => typeof x === 'string')) return { t: 'str', scalar: false, v: [...(value as string[])] };
    return { t: 'float', scalar: false, v: (value as number[]).map(num) };
  }
  if (value instanceof Float32Array || value instanceof Float64Array) return { t: 'float', scalar: false, v: [...value].map(num) };
  if (value instanceof BigInt64Array || value instanceof BigUint64Array) return { t: 'int', scalar: false, v: [...value].map(String) };
  return { t: 'int', scalar: false, v: [...(value as Uint8Array)].map(String) };
}

/** Compares one of our values with h5py's (ints exactly, floats exactly, strings exactly). */
export function expectSameValue(ours: Hdf5ReadValue, theirs: ViewValue, what: string): void {
  const c = canonical(ours);
  expect(c.scalar, `${what}: scalar`).toBe(theirs.scalar);
  if (theirs.t === 'int') {
    expect(c.v.map((x) => (typeof x === 'number' ? String(x) : x)), what).toEqual(theirs.v);
  } else if (theirs.t === 'float') {
    expect(c.v, what).toEqual(theirs.v);
  } else {
    expect(c.t, what).toBe('str');
    expect(c.v, what).toEqual(theirs.v);
  }
}

/** numpy's dtype string for our dtype ('<u2', '|u1', '|S4', 'O' for variable-length strings). */
function expectSameDtype(ds: Hdf5DatasetReader, theirs: string, what: string): void {
  if (theirs === 'O') {
    expect(ds.dtype.class, what).toBe('string');
    return;
  }
  const kind = theirs[1]!;
  const size = Number(theirs.slice(2));
  const cls = { u: 'uint', i: 'int', f: 'float', S: 'string', b: 'other' }[kind] ?? 'other';
  expect(ds.dtype.class, `${what}: class`).toBe(cls);
  expect(ds.dtype.size, `${what}: size`).toBe(size);
  if (theirs[0] !== '|') expect(ds.dtype.littleEndian, `${what}: byte order`).toBe(theirs[0] === '<');
}

/** Bytes of a numeric read() result, as h5py hashes them (little-endian element bytes). */
function numericBytes(value: Hdf5ReadValue, ds: Hdf5DatasetReader): Uint8Array {
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  const out = new DataView(new ArrayBuffer(ds.dtype.size));
  if (typeof value === 'bigint') {
    if (ds.dtype.class === 'int') out.setBigInt64(0, value, true);
    else out.setBigUint64(0, value, true);
  } else if (typeof value === 'number') {
    const setters: Record<string, () => void> = {
      float8: () => out.setFloat64(0, value, true),
      float4: () => out.setFloat32(0, value, true),
      int1: () => out.setInt8(0, value),
      uint1: () => out.setUint8(0, value),
      int2: () => out.setInt16(0, value, true),
      uint2: () => out.setUint16(0, value, true),
      int4: () => out.setInt32(0, value, true),
      uint4: () => out.setUint32(0, value, true),
    };
    setters[`${ds.dtype.class}${ds.dtype.size}`]!();
  }
  return new Uint8Array(out.buffer);
}

export interface CompareOptions {
  /** Datasets whose value h5py decoded but read() is not expected to (filters it leaves to codecs). */
  readonly skipValue?: (path: string, o: ViewObject) => boolean;
}

/** Compares everything the view lists for one file with what the reader returns. */
export async function expectMatchesView(reader: Hdf5Reader, objects: Record<string, ViewObject>, options: CompareOptions = {}): Promise<number> {
  let checks = 0;
  for (const [path, o] of Object.entries(objects)) {
    const node = await reader.lookup(path);
    expect(node.kind, path).toBe(o.kind);
    const attrs = o.kind === 'group' ? await reader.attributes(path) : await (await reader.dataset(path)).attributes();
    const expectedNames = Object.keys(o.attrs).filter((k) => o.attrs[k] !== null).sort();
    expect(Object.keys(attrs).sort(), `${path}: attribute names`).toEqual(expectedNames);
    for (const name of expectedNames) expectSameValue(attrs[name]!, o.attrs[name]!, `${path} @${name}`);
    checks += expectedNames.length;
    if (o.kind === 'group') {
      const links = await reader.list(path);
      const sorted = [...o.links!].sort((a, b) => (a.name < b.name ? -1 : 1));
      expect(links, `${path}: links`).toEqual(sorted.map((l) => ({ ...l })));
      checks += links.length;
    } else {
      checks += await expectDatasetMatches(await reader.dataset(path), path, o, options);
    }
  }
  return checks;
}

async function expectDatasetMatches(ds: Hdf5DatasetReader, path: string, o: ViewObject, options: CompareOptions): Promise<number> {
  let checks = 0;
  expect(ds.shape, `${path}: shape`).toEqual(o.shape);
  expect(ds.maxshape, `${path}: maxshape`).toEqual(o.maxshape);
  expect(ds.layout, `${path}: layout`).toBe(o.layout);
  expect(ds.chunks, `${path}: chunks`).toEqual(o.chunks ?? null);
  expectSameDtype(ds, o.dtype!, path);
  expect(ds.filters.map((f) => ({ id: f.id, flags: f.flags, cd: [...f.cdValues] })), `${path}: filters`).toEqual(o.filters);
  if (o.fillvalue) expect(ds.fillValue && sha256(ds.fillValue), `${path}: fill value`).toBe(o.fillvalue);
  else if (!o.fill_defined && ds.fillValue) expect([...ds.fillValue].every((b) => b === 0), `${path}: default fill`).toBe(true);
  if (o.chunk_info) checks += await expectChunksMatch(ds, path, o);
  if (o.virtual) {
    expect(await ds.virtualSources(), `${path}: virtual sources`).toEqual(o.virtual);
    checks++;
  }
  if ((o.value_sha256 || o.value) && !options.skipValue?.(path, o)) {
    const v = await ds.read();
    if (o.value_f16) expect([...(v as Float32Array)], `${path}: value`).toEqual(o.value_f16);
    else if (o.value_sha256) expect(sha256(numericBytes(v, ds)), `${path}: value`).toBe(o.value_sha256);
    else expectSameValue(v, o.value!, `${path}: value`);
    checks++;
  }
  return checks + 6;
}

async function expectChunksMatch(ds: Hdf5DatasetReader, path: string, o: ViewObject): Promise<number> {
  const info = o.chunk_info!;
  const chunks = o.chunks!;
  for (const c of info.chunks) {
    const coords = c.offset.map((x, d) => x / chunks[d]!);
    const got = await ds.readChunk(coords);
    if (c.missing) {
      expect(got, `${path}: chunk [${coords.join(', ')}] is not stored`).toBeNull();
      continue;
    }
    expect(got, `${path}: chunk [${coords.join(', ')}]`).not.toBeNull();
    expect(got!.bytes.length, `${path}: chunk [${coords.join(', ')}] size`).toBe(c.size);
    expect(got!.filterMask, `${path}: chunk [${coords.join(', ')}] filter mask`).toBe(c.mask);
    expect(sha256(got!.bytes), `${path}: chunk [${coords.join(', ')}] bytes`).toBe(c.sha256);
    if (ds.chunks![0] === 1 && ds.chunks!.every((n, d) => d === 0 || n >= ds.shape[d]!)) {
      const frame = await ds.readFrameChunk(coords[0]!);
      expect(frame && sha256(frame.bytes), `${path}: frame ${coords[0]}`).toBe(c.sha256);
    }
  }
  if (info.listed) {
    // No chunk beyond the ones HDF5 lists: count what the reader finds over the whole grid.
    const grid = ds.shape.map((s, d) => Math.ceil(s / chunks[d]!));
    const total = grid.reduce((a, b) => a * b, 1);
    let found = 0;
    const coords = new Array<number>(grid.length).fill(0);
    for (let n = 0; n < total; n++) {
      if (await ds.readChunk(coords)) found++;
      for (let d = grid.length - 1; d >= 0; d--) {
        if (++coords[d]! < grid[d]!) break;
        coords[d] = 0;
      }
    }
    expect(found, `${path}: stored chunks`).toBe(info.count);
  }
  return info.chunks.length;
}
