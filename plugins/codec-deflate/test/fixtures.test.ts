import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readGoldenChunks, sameBytes } from '@beamstack/testkit/data';
import { deflateCodec, deflateHdf5 } from '../src/index.js';

/** Golden chunks made by h5py/HDF5/zlib (see test/fixtures/deflate/README.md); no Python needed here. */
const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/deflate/', import.meta.url));

const golden = readGoldenChunks(FIXTURES);

describe('golden shuffle + deflate chunks from HDF5 and zlib', () => {
  it('has the cases (both pipelines, levels 0/1/4/6/9, 1/2/4-byte types, signed, a plain zlib stream)', () => {
    expect(golden.map((c) => c.name)).toEqual([
      'u16_32x40_shuffle_level1',
      'u32_64x64_gaps_shuffle_level6',
      'i32_9x11_masked_level9',
      'u8_16x16_shuffle_level1',
      'i16_7x13_shuffle_level4',
      'u16_1x4_level0',
      'u32_20x30_zlib_level1',
    ]);
  });

  for (const { name, info, filters, chunk, pixels: expected } of golden) {
    it(`${name} decodes to the expected pixels with both engines, and our re-encoding decodes alike`, () => {
      const params = deflateHdf5.paramsFromFilters(filters, info.dtype);
      expect(params).not.toBeNull();
      for (const engine of ['node', 'fflate'] as const) {
        const options = { ...params!, engine };
        expect(sameBytes(deflateCodec.decode(chunk, info, { options }), expected), engine).toBe(true);
        const ours = deflateCodec.encode(expected, info, { options });
        expect(sameBytes(deflateCodec.decode(ours, info, { options }), expected), engine).toBe(true);
      }
    });
  }
});
