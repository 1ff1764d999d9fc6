import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readGoldenChunks, sameBytes } from '@beamstack/testkit/data';
import { lz4Codec, lz4Hdf5 } from '../src/index.js';

/** Golden chunks made by the C filter (see test/fixtures/lz4/README.md); no Python needed here. */
const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/lz4/', import.meta.url));

const golden = readGoldenChunks(FIXTURES);

describe('golden lz4 chunks from the HDF5 32004 C filter', () => {
  it('has the cases (raw block, one block, several blocks with a short last one, signed, 8 KiB)', () => {
    expect(golden.map((c) => c.name)).toEqual([
      'u16_1x4_raw',
      'u32_16x16_counts',
      'u16_30x41_block256',
      'u8_10x10_random_block32',
      'i32_9x11_masked_block64',
      'u32_64x64_gaps_block8192',
    ]);
  });

  for (const { name, info, filters, chunk, pixels: expected } of golden) {
    it(`${name} decodes to the expected pixels and re-encodes to a chunk that decodes alike`, () => {
      const params = lz4Hdf5.paramsFromFilters(filters, info.dtype);
      expect(params).not.toBeNull();
      const decoded = lz4Codec.decode(chunk, info, { options: params! });
      expect(sameBytes(decoded, expected)).toBe(true);
      const ours = lz4Codec.encode(expected, info, { options: params! });
      expect(sameBytes(lz4Codec.decode(ours, info, { options: params! }), expected)).toBe(true);
      // Same framing as the C filter: header and the block size it chose.
      expect(Buffer.from(ours.subarray(0, 12)).equals(Buffer.from(chunk.subarray(0, 12)))).toBe(true);
    });
  }

  it('reproduces the C filter byte for byte on the raw-block case (FORMATS §4 example)', () => {
    const { chunk } = golden.find((c) => c.name === 'u16_1x4_raw')!;
    const ours = lz4Codec.encode(Uint16Array.of(0, 1, 2, 3), { shape: [1, 4], dtype: 'uint16' }, { options: { blockSize: 0 } });
    expect(Buffer.from(ours).equals(Buffer.from(chunk))).toBe(true);
  });
});
