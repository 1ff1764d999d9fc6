export { Hdf5Reader } from './reader.js';
export type {
  Hdf5Node,
  Hdf5LinkInfo,
  Hdf5ReadValue,
  Hdf5Dtype,
  Hdf5ChunkIndexType,
  Hdf5LayoutClass,
  Hdf5RawChunk,
  Hdf5VirtualSource,
  Hdf5DatasetReader,
} from './types.js';
