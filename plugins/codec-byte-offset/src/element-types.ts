import type { DType } from '@beamstack/contract';

/**
 * The `X-Binary-Element-Type` value (without its quotes) for each pixel type, as CBFlib, fabio and
 * the Pilatus/Eiger converters write it (FORMATS.md §8.1). Pilatus/Eiger miniCBF files are int32.
 */
export const CBF_ELEMENT_TYPES: Readonly<Record<DType, string>> = {
  int8: 'signed 8-bit integer',
  uint8: 'unsigned 8-bit integer',
  int16: 'signed 16-bit integer',
  uint16: 'unsigned 16-bit integer',
  int32: 'signed 32-bit integer',
  uint32: 'unsigned 32-bit integer',
};

/** 64-bit element types are valid CBF but cannot be a beamstack frame (DType stops at 32 bits). */
export const CBF_64BIT_ELEMENT_TYPES: readonly string[] = ['signed 64-bit integer', 'unsigned 64-bit integer'];

const BY_NAME: ReadonlyMap<string, DType> = new Map(
  (Object.entries(CBF_ELEMENT_TYPES) as [DType, string][]).map(([dtype, name]) => [name, dtype]),
);

/** The `X-Binary-Element-Type` value for a dtype, without quotes: int32 → `signed 32-bit integer`. */
export function cbfElementType(dtype: DType): string {
  return CBF_ELEMENT_TYPES[dtype];
}

/**
 * The dtype of an `X-Binary-Element-Type` value, with or without its double quotes and surrounding
 * blanks; case and inner spacing must match what the writers use. Undefined for anything else,
 * including the valid but unsupported 64-bit and floating-point types.
 */
export function dtypeFromCbfElementType(value: string): DType | undefined {
  let name = value.trim();
  if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) name = name.slice(1, -1).trim();
  return BY_NAME.get(name);
}
