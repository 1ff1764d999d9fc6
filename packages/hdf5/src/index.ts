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
export {
  Hdf5Reader,
  type Hdf5Node,
  type Hdf5LinkInfo,
  type Hdf5ReadValue,
  type Hdf5Dtype,
  type Hdf5ChunkIndexType,
  type Hdf5LayoutClass,
  type Hdf5RawChunk,
  type Hdf5VirtualSource,
  type Hdf5DatasetReader,
} from './read/index.js';
