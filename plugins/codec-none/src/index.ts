import {
  BeamstackError,
  DTYPES,
  ErrorCodes,
  checkPixelsMatch,
  definePlugin,
  defineCodec,
  frameByteLength,
  pixelBytes,
  pixelsFromBytes,
} from '@beamstack/contract';

const CODEC_ID = 'none';

/**
 * Stores pixels as they are. In HDF5 it is an empty filter pipeline, so `- use: none` before the
 * nxmx writer gives an uncompressed dataset, and frames read from an unfiltered dataset arrive
 * tagged with it and pass through untouched.
 */
export const noneCodec = defineCodec({
  id: CODEC_ID,
  description: 'no compression: the little-endian pixel bytes (an unfiltered HDF5 dataset)',
  options: { type: 'object', properties: {} },
  dtypes: DTYPES,
  hdf5: {
    filters: () => [],
    paramsFromFilters: (filters) => (filters.length === 0 ? {} : null),
  },
  encode(pixels, info) {
    frameByteLength(info, ErrorCodes.ENCODE, CODEC_ID);
    checkPixelsMatch(pixels, info, CODEC_ID, 'dtype');
    // A copy: the result is transferred to another thread and must not take the input with it.
    return pixelBytes(pixels).slice();
  },
  decode(bytes, info) {
    const expected = frameByteLength(info, ErrorCodes.DECODE, CODEC_ID);
    if (bytes.byteLength !== expected) {
      throw new BeamstackError(ErrorCodes.DECODE, `chunk has ${bytes.byteLength} bytes, a ${info.shape[0]}x${info.shape[1]} ${info.dtype} frame has ${expected}`, {
        codec: CODEC_ID,
      });
    }
    return pixelsFromBytes(info.dtype, bytes.slice());
  },
});

export default definePlugin({ stages: [noneCodec] });
