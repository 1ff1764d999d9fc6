import { type Cursor, decodeText } from './cursor.js';
import { malformed } from './errors.js';
import type { H5File } from './file.js';
import { Limits } from './limits.js';
import { describeDatatype, type Datatype, type StringPadding } from './messages/datatype.js';
import type { GlobalHeap } from './structures/global-heap.js';
import type { Hdf5ReadValue } from './types.js';

/** Element bytes plus how to interpret them. `scalar`: a scalar dataspace (one element, no array). */
export interface RawValue {
  readonly type: Datatype;
  readonly count: number;
  readonly scalar: boolean;
  readonly bytes: Uint8Array;
}

/** True when `decodeValue` can decode this type. */
export function isDecodable(t: Datatype): boolean {
  switch (t.class) {
    case 'fixed':
      return t.size === 1 || t.size === 2 || t.size === 4 || t.size === 8;
    case 'float':
      return t.ieee;
    case 'string':
    case 'vlen-string':
      return true;
    case 'enum':
    case 'array':
      return isDecodable(t.base);
    case 'other':
      return false;
  }
}

/**
 * Decodes stored elements into a JS value (see Hdf5ReadValue). Variable-length strings are
 * fetched from the global heap. Fails for types `isDecodable` rejects.
 */
export async function decodeValue(file: H5File, heap: GlobalHeap, raw: RawValue): Promise<Hdf5ReadValue> {
  const { type } = raw;
  if (raw.count > Limits.valueElements) throw malformed(file, `value of ${raw.count} elements is too large to decode`);
  if (raw.bytes.length < raw.count * type.size) {
    throw malformed(file, `value holds ${raw.bytes.length} bytes, ${raw.count} elements of ${describeDatatype(type)} need ${raw.count * type.size}`);
  }
  const bytes = raw.bytes.subarray(0, raw.count * type.size);
  switch (type.class) {
    case 'fixed':
    case 'float': {
      const array = numericArray(file, type, bytes);
      return raw.scalar ? (array[0] as number | bigint) : array;
    }
    case 'enum':
      return decodeValue(file, heap, { ...raw, type: type.base });
    case 'array': {
      let perElement = 1;
      for (const d of type.dims) perElement *= d;
      return decodeValue(file, heap, { type: type.base, count: raw.count * perElement, scalar: false, bytes });
    }
    case 'string': {
      const out: string[] = [];
      for (let i = 0; i < raw.count; i++) out.push(fixedString(bytes.subarray(i * type.size, (i + 1) * type.size), type.padding));
      return raw.scalar ? out[0]! : out;
    }
    case 'vlen-string': {
      const out: string[] = [];
      for (let i = 0; i < raw.count; i++) out.push(await vlenString(file, heap, bytes.subarray(i * type.size, (i + 1) * type.size), type.padding));
      return raw.scalar ? out[0]! : out;
    }
    case 'other':
      throw malformed(file, `cannot decode values of type ${type.name}`);
  }
}

type NumericArray = Exclude<Hdf5ReadValue, number | bigint | string | number[] | string[]>;

function numericArray(file: H5File, type: Datatype & { class: 'fixed' | 'float' }, bytes: Uint8Array): NumericArray {
  const copy = bytes.slice(); // aligned, owned
  if (!type.littleEndian) swapBytes(copy, type.size);
  const buffer = copy.buffer;
  if (type.class === 'float') {
    if (type.size === 8) return new Float64Array(buffer);
    if (type.size === 4) return new Float32Array(buffer);
    if (type.size === 2) return halfToFloat32(new Uint16Array(buffer));
  } else {
    switch (type.size) {
      case 1:
        return type.signed ? new Int8Array(buffer) : new Uint8Array(buffer);
      case 2:
        return type.signed ? new Int16Array(buffer) : new Uint16Array(buffer);
      case 4:
        return type.signed ? new Int32Array(buffer) : new Uint32Array(buffer);
      case 8:
        return type.signed ? new BigInt64Array(buffer) : new BigUint64Array(buffer);
    }
  }
  throw malformed(file, `cannot decode ${describeDatatype(type)} values`);
}

function swapBytes(bytes: Uint8Array, size: number): void {
  for (let i = 0; i + size <= bytes.length; i += size) bytes.subarray(i, i + size).reverse();
}

function halfToFloat32(half: Uint16Array): Float32Array {
  const out = new Float32Array(half.length);
  for (let i = 0; i < half.length; i++) {
    const h = half[i]!;
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >> 10) & 0x1f;
    const fraction = h & 0x3ff;
    if (exponent === 0) out[i] = sign * 2 ** -14 * (fraction / 1024);
    else if (exponent === 31) out[i] = fraction ? NaN : sign * Infinity;
    else out[i] = sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
  }
  return out;
}

/** Fixed-length string: NUL-terminated / NUL-padded end at the first NUL, space-padded lose trailing spaces. */
function fixedString(bytes: Uint8Array, padding: StringPadding): string {
  let end = bytes.indexOf(0);
  if (end < 0) end = bytes.length;
  if (padding === 2) while (end > 0 && (bytes[end - 1] === 0x20 || bytes[end - 1] === 0)) end--;
  return decodeText(bytes.subarray(0, end));
}

/** A variable-length string element: byte count, then the global heap ID (collection address, object index). */
async function vlenString(file: H5File, heap: GlobalHeap, element: Uint8Array, padding: StringPadding): Promise<string> {
  const c: Cursor = file.cursor(element, 'variable-length string');
  const length = c.u32();
  const address = c.address();
  const index = c.u32();
  if (length === 0 || address === null || address === 0) return '';
  const object = await heap.object(address, index);
  if (length > object.length) c.fail(`string of ${length} bytes in a heap object of ${object.length}`);
  return fixedString(object.subarray(0, length), padding === 2 ? 2 : 1);
}
