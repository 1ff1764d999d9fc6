import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isDType, pixelsFromBytes, type DType, type FrameShape, type Hdf5Filter } from '@beamstack/contract';
import { describe, expect, it } from 'vitest';
import { lz4Codec, lz4Hdf5 } from '../src/index.js';
import { sameBytes } from './pixels.js';

/** Golden chunks made by the C filter (see test/fixtures/lz4/README.md); no Python needed here. */
const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/lz4/', import.meta.url));

interface FixtureCase {
  readonly name: string;
  readonly dtype: string;
  readonly shape: FrameShape;
  readonly filters: readonly Hdf5Filter[];
  readonly chunkBytes: number;
  readonly chunkSha256: string;
  readonly pixelsSha256: string;
}

const manifest = JSON.parse(readFileSync(`${FIXTURES}manifest.json`, 'utf8')) as { cases: FixtureCase[] };
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('golden lz4 chunks from the HDF5 32004 C filter', () => {
  it('has the cases (raw block, one block, several blocks with a short last one, signed, 8 KiB)', () => {
    expect(manifest.cases.map((c) => c.name)).toEqual([
      'u16_1x4_raw',
      'u32_16x16_counts',
      'u16_30x41_block256',
      'u8_10x10_random_block32',
      'i32_9x11_masked_block64',
      'u32_64x64_gaps_block8192',
    ]);
  });

  for (const fixture of manifest.cases) {
    it(`${fixture.name} decodes to the expected pixels and re-encodes to a chunk that decodes alike`, () => {
      const chunk = new Uint8Array(readFileSync(`${FIXTURES}${fixture.name}.chunk`));
      const raw = new Uint8Array(readFileSync(`${FIXTURES}${fixture.name}.pixels`));
      expect(chunk.length).toBe(fixture.chunkBytes);
      expect(sha256(chunk)).toBe(fixture.chunkSha256);
      expect(sha256(raw)).toBe(fixture.pixelsSha256);
      expect(isDType(fixture.dtype)).toBe(true);
      const dtype = fixture.dtype as DType;
      const info = { shape: fixture.shape, dtype } as const;
      const params = lz4Hdf5.paramsFromFilters(fixture.filters, dtype);
      expect(params).not.toBeNull();
      const expected = pixelsFromBytes(dtype, raw);
      const decoded = lz4Codec.decode(chunk, info, { options: params! });
      expect(sameBytes(decoded, expected)).toBe(true);
      const ours = lz4Codec.encode(expected, info, { options: params! });
      expect(sameBytes(lz4Codec.decode(ours, info, { options: params! }), expected)).toBe(true);
      // Same framing as the C filter: header and the block size it chose.
      expect(Buffer.from(ours.subarray(0, 12)).equals(Buffer.from(chunk.subarray(0, 12)))).toBe(true);
    });
  }

  it('reproduces the C filter byte for byte on the raw-block case (FORMATS §4 example)', () => {
    const chunk = new Uint8Array(readFileSync(`${FIXTURES}u16_1x4_raw.chunk`));
    const ours = lz4Codec.encode(Uint16Array.of(0, 1, 2, 3), { shape: [1, 4], dtype: 'uint16' }, { options: { blockSize: 0 } });
    expect(Buffer.from(ours).equals(Buffer.from(chunk))).toBe(true);
  });
});
