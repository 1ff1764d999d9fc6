import { isAscii, utf8 } from './bytes.js';
import { invalid } from './errors.js';
import {
  elementCount,
  elementSize,
  isNumericType,
  numericInfo,
  type ElementType,
  type NumericType,
  type Shape,
} from './types.js';

/**
 * A typed value ready to store: element type, shape ([] = scalar dataspace) and the
 * little-endian element bytes. Helpers below build it and copy the data, so later changes to
 * the caller's arrays do not reach the file.
 */
export class Hdf5Value {
  constructor(
    readonly type: ElementType,
    readonly shape: Shape,
    readonly bytes: Uint8Array,
  ) {}
}

export type NumericArray =
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/** An n-dimensional array given by type, shape and row-major data. */
export interface ArraySpec {
  readonly dtype: NumericType;
  readonly shape: Shape;
  readonly data: ArrayLike<number> | ArrayLike<bigint>;
}

/**
 * What attributes and whole datasets accept. Plain JS values map as follows: string → fixed
 * string; number → float64 (integers need an explicit type: `i32(1)`, `u64(n)`); bigint →
 * int64; number[] → float64 1-D; string[] → fixed-string 1-D; typed arrays → their own type, 1-D.
 */
export type ValueInput =
  | Hdf5Value
  | string
  | number
  | bigint
  | readonly number[]
  | readonly string[]
  | NumericArray
  | ArraySpec;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Largest number of elements one value may hold (bounds allocation for hostile input). */
const MAX_ELEMENTS = 2 ** 31;

// ------------------------------------------------------------------------------------ strings

/**
 * Fixed-length, NUL-terminated string(s), the size including the NUL — as the DECTRIS filewriter
 * writes NX_class and every string field. UTF-8 charset when any character is not ASCII.
 */
export function str(value: string | readonly string[]): Hdf5Value {
  const items = typeof value === 'string' ? [value] : value;
  const encoded = items.map((s) => {
    if (typeof s !== 'string') throw invalid(`string array holds a ${typeof s}`);
    const b = utf8(s);
    if (b.includes(0)) throw invalid(`string ${JSON.stringify(s)} contains a NUL character`);
    return b;
  });
  const size = Math.max(1, ...encoded.map((b) => b.length + 1));
  if (size > 0xffff_ffff) throw invalid('string too long');
  const bytes = new Uint8Array(size * encoded.length);
  encoded.forEach((b, i) => bytes.set(b, i * size));
  const ascii = encoded.every((b) => isAscii(b));
  const shape = typeof value === 'string' ? [] : [encoded.length];
  return new Hdf5Value({ kind: 'string', size, utf8: !ascii }, shape, bytes);
}

// ------------------------------------------------------------------------------------ numbers

type NumericInput = number | bigint | ArrayLike<number> | ArrayLike<bigint>;

function scalarOrVector(type: NumericType, value: NumericInput): Hdf5Value {
  if (typeof value === 'number' || typeof value === 'bigint') {
    return new Hdf5Value(type, [], encodeNumeric(type, [value] as ArrayLike<number | bigint>));
  }
  return new Hdf5Value(type, [value.length], encodeNumeric(type, value));
}

export const u8 = (v: NumericInput): Hdf5Value => scalarOrVector('uint8', v);
export const u16 = (v: NumericInput): Hdf5Value => scalarOrVector('uint16', v);
export const u32 = (v: NumericInput): Hdf5Value => scalarOrVector('uint32', v);
export const u64 = (v: NumericInput): Hdf5Value => scalarOrVector('uint64', v);
export const i8 = (v: NumericInput): Hdf5Value => scalarOrVector('int8', v);
export const i16 = (v: NumericInput): Hdf5Value => scalarOrVector('int16', v);
export const i32 = (v: NumericInput): Hdf5Value => scalarOrVector('int32', v);
export const i64 = (v: NumericInput): Hdf5Value => scalarOrVector('int64', v);
export const f32 = (v: NumericInput): Hdf5Value => scalarOrVector('float32', v);
export const f64 = (v: NumericInput): Hdf5Value => scalarOrVector('float64', v);

/** An n-dimensional numeric array (row-major data). */
export function array(dtype: NumericType, shape: Shape, data: ArrayLike<number> | ArrayLike<bigint>): Hdf5Value {
  if (!isNumericType(dtype)) throw invalid(`unknown element type ${String(dtype)}`);
  checkShape(shape, 'array shape');
  const count = elementCount(shape);
  if (data.length !== count) {
    throw invalid(`array data hold ${data.length} elements but shape [${shape.join(', ')}] needs ${count}`);
  }
  return new Hdf5Value(dtype, [...shape], encodeNumeric(dtype, data));
}

/** Validates a dataspace shape: 0..32 dimensions, each a non-negative safe integer. */
export function checkShape(shape: Shape, what: string): void {
  if (!Array.isArray(shape) || shape.length > 32) throw invalid(`${what} must be an array of at most 32 dimensions`);
  let count = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) throw invalid(`${what} has an invalid dimension ${String(d)}`);
    count *= d;
  }
  if (count > MAX_ELEMENTS) throw invalid(`${what} [${shape.join(', ')}] is too large`);
}

const TYPED_CTOR: Readonly<Record<NumericType, abstract new (...args: never[]) => NumericArray>> = {
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  uint64: BigUint64Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  int64: BigInt64Array,
  float32: Float32Array,
  float64: Float64Array,
};

/** Little-endian bytes of `data` as `type`; values are checked against the type's range. */
export function encodeNumeric(type: NumericType, data: ArrayLike<number | bigint>): Uint8Array {
  const info = numericInfo(type);
  const n = data.length;
  if (!Number.isSafeInteger(n) || n > MAX_ELEMENTS) throw invalid('too many elements');
  if (LITTLE_ENDIAN && data instanceof TYPED_CTOR[type]) {
    const typed = data as unknown as NumericArray;
    return new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength).slice();
  }
  const out = new Uint8Array(n * info.size);
  const view = new DataView(out.buffer);
  for (let i = 0; i < n; i++) writeElement(view, i * info.size, type, data[i]!);
  return out;
}

function writeElement(view: DataView, at: number, type: NumericType, v: number | bigint): void {
  if (type === 'float32' || type === 'float64') {
    if (typeof v !== 'number') throw invalid(`${type} value must be a number, got ${typeof v}`);
    if (type === 'float32') view.setFloat32(at, v, true);
    else view.setFloat64(at, v, true);
    return;
  }
  const info = numericInfo(type);
  const bits = info.size * 8;
  let big: bigint;
  if (typeof v === 'bigint') big = v;
  else if (typeof v === 'number' && Number.isSafeInteger(v)) big = BigInt(v);
  else throw invalid(`${type} value must be an integer, got ${String(v)}`);
  const fits = info.signed ? BigInt.asIntN(bits, big) === big : big >= 0n && BigInt.asUintN(bits, big) === big;
  if (!fits) throw invalid(`value ${big} does not fit ${type}`);
  switch (info.size) {
    case 1:
      view.setUint8(at, Number(BigInt.asUintN(8, big)));
      break;
    case 2:
      view.setUint16(at, Number(BigInt.asUintN(16, big)), true);
      break;
    case 4:
      view.setUint32(at, Number(BigInt.asUintN(32, big)), true);
      break;
    case 8:
      view.setBigUint64(at, BigInt.asUintN(64, big), true);
      break;
  }
}

// ------------------------------------------------------------------------------- plain inputs

function typedArrayType(v: unknown): NumericType | undefined {
  for (const [type, ctor] of Object.entries(TYPED_CTOR) as [NumericType, new () => NumericArray][]) {
    if (v instanceof ctor) return type;
  }
  return undefined;
}

/** Normalizes any accepted input into a typed value (see ValueInput for the mapping). */
export function toValue(input: ValueInput, what: string): Hdf5Value {
  if (input instanceof Hdf5Value) {
    checkShape(input.shape, what);
    if (input.bytes.length !== elementCount(input.shape) * elementSize(input.type)) {
      throw invalid(`${what}: value holds ${input.bytes.length} bytes, its type and shape need ${elementCount(input.shape) * elementSize(input.type)}`);
    }
    return input;
  }
  if (typeof input === 'string') return str(input);
  if (typeof input === 'number') return f64(input);
  if (typeof input === 'bigint') return i64(input);
  if (Array.isArray(input)) {
    if (input.length > 0 && input.every((x) => typeof x === 'string')) return str(input as readonly string[]);
    if (input.every((x) => typeof x === 'number')) return f64(input as readonly number[]);
    throw invalid(`${what}: arrays must hold only numbers or only strings`);
  }
  const typed = typedArrayType(input);
  if (typed) return scalarOrVector(typed, input as ArrayLike<number>);
  if (typeof input === 'object' && input !== null && 'dtype' in input && 'shape' in input && 'data' in input) {
    return array(input.dtype, input.shape, input.data);
  }
  throw invalid(`${what}: unsupported value ${String(input)}`);
}
