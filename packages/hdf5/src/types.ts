/** Numeric element types, always stored little-endian. */
export type NumericType =
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'float32'
  | 'float64';

/** Fixed-length string: `size` bytes including the terminating NUL (DECTRIS style). */
export interface StringType {
  readonly kind: 'string';
  readonly size: number;
  readonly utf8: boolean;
}

export type ElementType = NumericType | StringType;

interface NumericInfo {
  readonly size: 1 | 2 | 4 | 8;
  readonly signed: boolean;
  readonly float: boolean;
}

const NUMERIC: Readonly<Record<NumericType, NumericInfo>> = {
  uint8: { size: 1, signed: false, float: false },
  uint16: { size: 2, signed: false, float: false },
  uint32: { size: 4, signed: false, float: false },
  uint64: { size: 8, signed: false, float: false },
  int8: { size: 1, signed: true, float: false },
  int16: { size: 2, signed: true, float: false },
  int32: { size: 4, signed: true, float: false },
  int64: { size: 8, signed: true, float: false },
  float32: { size: 4, signed: true, float: true },
  float64: { size: 8, signed: true, float: true },
};

export const NUMERIC_TYPES = Object.keys(NUMERIC) as NumericType[];

export function isNumericType(value: unknown): value is NumericType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(NUMERIC, value);
}

export function numericInfo(type: NumericType): NumericInfo {
  return NUMERIC[type];
}

export function elementSize(type: ElementType): number {
  return typeof type === 'string' ? NUMERIC[type].size : type.size;
}

/** A filter of the pipeline, in pipeline order (same shape as the contract's Hdf5Filter). */
export interface FilterSpec {
  readonly id: number;
  /** Bit 0 set: optional filter. Default 0 (mandatory), as the DECTRIS filewriter writes. */
  readonly flags?: number;
  readonly cdValues?: readonly number[];
  /** Optional descriptive name stored with filters whose id is >= 256. */
  readonly name?: string;
}

export type Shape = readonly number[];

export function elementCount(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
