import {
  BeamstackError,
  DTYPES,
  dtypeOf,
  ErrorCodes,
  bytesPerPixel,
  definePlugin,
  defineCodec,
  pixelBytes,
  pixelCount,
  pixelsFromBytes,
} from '@beamstack/contract';

/**
 * Stores pixels as they are. In HDF5 it is an empty filter pipeline, so `- use: none` before the
 * nxmx writer gives an uncompressed dataset, and frames read from an unfiltered dataset arrive
 * tagged with it and pass through untouched.
 */
export const noneCodec = defineCodec({
  id: 'none',
  description: 'no compression: the little-endian pixel bytes (an unfiltered HDF5 dataset)',
  options: { type: 'object', properties: {} },
  dtypes: DTYPES,
  hdf5: {
    filters: () => [],
    paramsFromFilters: (filters) => (filters.length === 0 ? {} : null),
  },
  encode(pixels, info) {
    if (pixels.length !== pixelCount(info.shape) || dtypeOf(pixels) !== info.dtype) {
      throw new BeamstackError(ErrorCodes.ENCODE, `got ${pixels.length} ${dtypeOf(pixels)} pixels for a ${info.shape[0]}x${info.shape[1]} ${info.dtype} frame`, { codec: 'none' });
    }
    // A copy: the result is transferred to another thread and must not take the input with it.
    return pixelBytes(pixels).slice();
  },
  decode(bytes, info) {
    const expected = pixelCount(info.shape) * bytesPerPixel(info.dtype);
    if (bytes.byteLength !== expected) {
      throw new BeamstackError(ErrorCodes.DECODE, `chunk has ${bytes.byteLength} bytes, a ${info.shape[0]}x${info.shape[1]} ${info.dtype} frame has ${expected}`, {
        codec: 'none',
      });
    }
    return pixelsFromBytes(info.dtype, bytes.slice());
  },
});

export default definePlugin({ stages: [noneCodec] });
