import { deflateSync, inflateSync } from 'node:zlib';
import { bytesPerPixel, defineCodec, pixelBytes, pixelsFromBytes, type Hdf5Filter } from '@beamstack/contract';

/**
 * Test-only codec for h5py's shuffle + deflate pipeline (filters 2 then 1), so the source's
 * "chunk skipped some filters → re-encode" path is exercised whatever state codec-deflate is in.
 */
export const shuffleDeflateCodec = defineCodec({
  id: 'test-shuffle-deflate',
  description: 'HDF5 shuffle + deflate (test only)',
  options: { type: 'object', properties: { level: { type: 'integer', minimum: 0, maximum: 9, default: 1 } } },
  dtypes: ['uint8', 'uint16', 'uint32', 'int8', 'int16', 'int32'],
  hdf5: {
    filters: (dtype, params): readonly Hdf5Filter[] => [
      { id: 2, flags: 1, cdValues: [bytesPerPixel(dtype)] },
      { id: 1, flags: 1, cdValues: [params.level] },
    ],
    paramsFromFilters(filters: readonly Hdf5Filter[]): { level: number } | null {
      const [shuffle, deflate] = filters;
      if (filters.length !== 2 || shuffle?.id !== 2 || deflate?.id !== 1) return null;
      return { level: deflate.cdValues[0] ?? 1 };
    },
  },
  encode(pixels, info, ctx) {
    const bytes = pixelBytes(pixels);
    const s = bytesPerPixel(info.dtype);
    const n = bytes.byteLength / s;
    const shuffled = new Uint8Array(bytes.byteLength);
    for (let i = 0; i < n; i++) for (let j = 0; j < s; j++) shuffled[j * n + i] = bytes[i * s + j]!;
    return new Uint8Array(deflateSync(shuffled, { level: ctx.options.level }));
  },
  decode(bytes, info) {
    const s = bytesPerPixel(info.dtype);
    const shuffled = new Uint8Array(inflateSync(bytes));
    const n = shuffled.byteLength / s;
    const out = new Uint8Array(shuffled.byteLength);
    for (let i = 0; i < n; i++) for (let j = 0; j < s; j++) out[i * s + j] = shuffled[j * n + i]!;
    return pixelsFromBytes(info.dtype, out);
  },
});
