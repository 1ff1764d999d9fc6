import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '@beamstack/contract';
import { noneCodec } from '../src/index.js';

describe('none codec', () => {
  it('stores the little-endian pixel bytes and gives them back as pixels', () => {
    const pixels = new Uint16Array([1, 258, 65535, 0]);
    const bytes = noneCodec.encode(pixels, { shape: [2, 2], dtype: 'uint16' }, { options: {} });
    expect(Array.from(bytes)).toEqual([1, 0, 2, 1, 255, 255, 0, 0]);
    expect(bytes.buffer).not.toBe(pixels.buffer);
    expect(Array.from(noneCodec.decode(bytes, { shape: [2, 2], dtype: 'uint16' }, { options: {} }))).toEqual([1, 258, 65535, 0]);
  });

  it('maps to an empty HDF5 filter pipeline and only to that', () => {
    expect(noneCodec.hdf5!.filters('uint32', {})).toEqual([]);
    expect(noneCodec.hdf5!.paramsFromFilters([], 'uint32')).toEqual({});
    expect(noneCodec.hdf5!.paramsFromFilters([{ id: 1, flags: 1, cdValues: [1] }], 'uint32')).toBeNull();
  });

  it('refuses a chunk of the wrong size', () => {
    expect(() => noneCodec.decode(new Uint8Array(7), { shape: [2, 2], dtype: 'uint16' }, { options: {} })).toThrow(
      expect.objectContaining({ code: ErrorCodes.DECODE }),
    );
  });
});
