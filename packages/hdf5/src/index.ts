export { Hdf5Object, Hdf5Group, Hdf5Dataset, ChunkedDataset, type AttrInput } from './handles.js';
export {
  Hdf5File,
  type CreateOptions,
  type CloseResult,
  type ChunkedDatasetOptions,
  type VirtualDatasetOptions,
} from './file.js';
export {
  Hdf5Value,
  str,
  u8,
  u16,
  u32,
  u64,
  i8,
  i16,
  i32,
  i64,
  f32,
  f64,
  array,
  type ValueInput,
  type ArraySpec,
  type NumericArray,
} from './values.js';
export type { NumericType, StringType, ElementType, FilterSpec, Shape } from './types.js';
export { NUMERIC_TYPES, isNumericType } from './types.js';
export type { VirtualSource } from './virtual.js';
export { lookup3 } from './lookup3.js';
