import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isDType, pixelsFromBytes, type DType, type FrameShape, type Hdf5Filter } from '@beamstack/contract';
import { describe, expect, it } from 'vitest';
import { deflateCodec, deflateHdf5 } from '../src/index.js';
import { sameBytes } from './pixels.js';

/** Golden chunks made by h5py/HDF5/zlib (see test/fixtures/deflate/README.md); no Python needed here. */
const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/deflate/', import.meta.url));

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

describe('golden shuffle + deflate chunks from HDF5 and zlib', () => {
  it('has the cases (both pipelines, levels 0/1/4/6/9, 1/2/4-byte types, signed, a plain zlib stream)', () => {
    expect(manifest.cases.map((c) => c.name)).toEqual([
      'u16_32x40_shuffle_level1',
      'u32_64x64_gaps_shuffle_level6',
      'i32_9x11_masked_level9',
      'u8_16x16_shuffle_level1',
      'i16_7x13_shuffle_level4',
      'u16_1x4_level0',
      'u32_20x30_zlib_level1',
    ]);
  });

  for (const fixture of manifest.cases) {
    it(`${fixture.name} decodes to the expected pixels with both engines, and our re-encoding decodes alike`, () => {
      const chunk = new Uint8Array(readFileSync(`${FIXTURES}${fixture.name}.chunk`));
      const raw = new Uint8Array(readFileSync(`${FIXTURES}${fixture.name}.pixels`));
      expect(chunk.length).toBe(fixture.chunkBytes);
      expect(sha256(chunk)).toBe(fixture.chunkSha256);
      expect(sha256(raw)).toBe(fixture.pixelsSha256);
      expect(isDType(fixture.dtype)).toBe(true);
      const dtype = fixture.dtype as DType;
      const info = { shape: fixture.shape, dtype } as const;
      const params = deflateHdf5.paramsFromFilters(fixture.filters, dtype);
      expect(params).not.toBeNull();
      const expected = pixelsFromBytes(dtype, raw);
      for (const engine of ['node', 'fflate'] as const) {
        const options = { ...params!, engine };
        expect(sameBytes(deflateCodec.decode(chunk, info, { options }), expected), engine).toBe(true);
        const ours = deflateCodec.encode(expected, info, { options });
        expect(sameBytes(deflateCodec.decode(ours, info, { options }), expected), engine).toBe(true);
      }
    });
  }
});
