import { bytesPerPixel, type CodecHdf5Mapping, type DType, type Hdf5Filter } from '@beamstack/contract';

export const BITSHUFFLE_FILTER_ID = 32008;
export const BITSHUFFLE_FILTER_NAME = 'bitshuffle; see https://github.com/kiyo-masui/bitshuffle';
/** cd_values[4] for "bitshuffle then LZ4". */
const COMPRESSION_LZ4 = 2;
/** We write the version numbers DECTRIS Eiger2 and Debian's bitshuffle 0.3.5 write (FORMATS §3.1). */
const WRITER_VERSION_MAJOR = 0;
const WRITER_VERSION_MINOR = 3;

export interface BlockSizeParams {
  readonly blockSize: number;
}

export const bslz4Hdf5: CodecHdf5Mapping<BlockSizeParams> = {
  filters(dtype: DType, params: BlockSizeParams): readonly Hdf5Filter[] {
    return [
      {
        id: BITSHUFFLE_FILTER_ID,
        name: BITSHUFFLE_FILTER_NAME,
        // Mandatory, as DECTRIS writes it: a reader must not skip decompression.
        flags: 0,
        cdValues: [WRITER_VERSION_MAJOR, WRITER_VERSION_MINOR, bytesPerPixel(dtype), params.blockSize, COMPRESSION_LZ4],
      },
    ];
  },

  paramsFromFilters(filters: readonly Hdf5Filter[], dtype: DType): BlockSizeParams | null {
    if (filters.length !== 1) return null;
    const filter = filters[0]!;
    if (filter.id !== BITSHUFFLE_FILTER_ID) return null;
    const cd = filter.cdValues;
    if (cd[4] !== COMPRESSION_LZ4) return null;
    // The HDF5 filter trusts cd_values[2] as the element size; if it disagrees with the dtype
    // the pixels would not be what the file's readers see, so this is not our pipeline.
    if (cd[2] !== undefined && cd[2] !== bytesPerPixel(dtype)) return null;
    const blockSize = cd[3] ?? 0;
    // Decoders read the real block size from each chunk header; the value only matters for
    // re-encoding, so an unusable one falls back to the default rule.
    return { blockSize: Number.isInteger(blockSize) && blockSize % 8 === 0 && blockSize >= 0 ? blockSize : 0 };
  },
};
