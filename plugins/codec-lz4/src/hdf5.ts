import type { CodecHdf5Mapping, DType, Hdf5Filter } from '@beamstack/contract';
import { DEFAULT_BLOCK_BYTES } from './layout.js';

export const LZ4_FILTER_ID = 32004;
/** The name the HDF Group plugin registers (and DECTRIS files carry); optional metadata. */
export const LZ4_FILTER_NAME = 'HDF5 lz4 filter; see http://www.hdfgroup.org/services/contributions.html';

export interface Lz4Params {
  /** Block size in bytes; 0 = the filter default (1 GiB, clamped to the chunk). */
  readonly blockSize: number;
}

export const lz4Hdf5: CodecHdf5Mapping<Lz4Params> = {
  filters(_dtype: DType, params: Lz4Params): readonly Hdf5Filter[] {
    // Mandatory (flags 0), as DECTRIS writes it. No cd_values means the default block size,
    // exactly as in the DECTRIS Eiger files.
    return [{ id: LZ4_FILTER_ID, name: LZ4_FILTER_NAME, flags: 0, cdValues: params.blockSize ? [params.blockSize] : [] }];
  },

  paramsFromFilters(filters: readonly Hdf5Filter[]): Lz4Params | null {
    if (filters.length !== 1) return null;
    const filter = filters[0]!;
    if (filter.id !== LZ4_FILTER_ID) return null;
    const requested = filter.cdValues[0] ?? 0;
    // Decoders read the real block size from every chunk header; the value only matters when
    // re-encoding, so one the filter would not use as given falls back to the default.
    const usable = Number.isInteger(requested) && requested > 0 && requested <= DEFAULT_BLOCK_BYTES;
    return { blockSize: usable ? requested : 0 };
  },
};
