import { bytesPerPixel, type CodecHdf5Mapping, type DType, type Hdf5Filter } from '@beamstack/contract';

export const SHUFFLE_FILTER_ID = 2;
export const DEFLATE_FILTER_ID = 1;
/** HDF5's deflate filter rejects levels above 9. */
export const MAX_LEVEL = 9;
export const DEFAULT_LEVEL = 1;

export const ENGINES = ['auto', 'node', 'fflate'] as const;
export type EngineChoice = (typeof ENGINES)[number];

export interface DeflateParams {
  readonly level: number;
  readonly shuffle: boolean;
  readonly engine: EngineChoice;
}

/** Optional (flags 1), as h5py writes both filters: HDF5 may store a chunk unfiltered if deflate does not shrink it. */
const OPTIONAL = 1;

export const deflateHdf5: CodecHdf5Mapping<DeflateParams> = {
  filters(dtype: DType, params: DeflateParams): readonly Hdf5Filter[] {
    const deflate: Hdf5Filter = { id: DEFLATE_FILTER_ID, name: 'deflate', flags: OPTIONAL, cdValues: [params.level] };
    if (!params.shuffle) return [deflate];
    return [{ id: SHUFFLE_FILTER_ID, name: 'shuffle', flags: OPTIONAL, cdValues: [bytesPerPixel(dtype)] }, deflate];
  },

  paramsFromFilters(filters: readonly Hdf5Filter[], dtype: DType): DeflateParams | null {
    let shuffle = false;
    let rest = filters;
    if (filters.length === 2 && filters[0]!.id === SHUFFLE_FILTER_ID) {
      // HDF5 shuffles with the element size in cd_values[0] (set_local writes the type's size);
      // any other size would give pixels other than the file's readers see.
      const size = filters[0]!.cdValues[0];
      if (size !== undefined && size !== bytesPerPixel(dtype)) return null;
      shuffle = true;
      rest = filters.slice(1);
    }
    if (rest.length !== 1 || rest[0]!.id !== DEFLATE_FILTER_ID) return null;
    // The level only matters when re-encoding; an unusable one falls back to the default.
    const level = rest[0]!.cdValues[0];
    const usable = level !== undefined && Number.isInteger(level) && level >= 0 && level <= MAX_LEVEL;
    return { level: usable ? level : DEFAULT_LEVEL, shuffle, engine: 'auto' };
  },
};
