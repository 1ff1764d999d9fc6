import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDType, pixelsFromBytes, type FrameInfo, type FrameShape, type Hdf5Filter, type PixelArray } from '@beamstack/contract';

/** One chunk a reference implementation wrote, with the pixels it holds. */
export interface GoldenChunk {
  readonly name: string;
  readonly info: FrameInfo;
  /** The HDF5 filter pipeline the chunk was written with. */
  readonly filters: readonly Hdf5Filter[];
  readonly chunk: Uint8Array;
  readonly pixels: PixelArray;
}

interface ManifestCase {
  readonly name: string;
  readonly dtype: string;
  readonly shape: FrameShape;
  readonly filters: readonly Hdf5Filter[];
  readonly chunkBytes: number;
  readonly chunkSha256: string;
  readonly pixelsSha256: string;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * The golden chunks of a fixture folder (test/fixtures/<codec>: manifest.json, NAME.chunk,
 * NAME.pixels), in manifest order. Each file is checked against the size and SHA-256 the manifest
 * recorded, so a damaged fixture fails loudly instead of testing something else.
 */
export function readGoldenChunks(dir: string): GoldenChunk[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { cases: ManifestCase[] };
  return manifest.cases.map((c) => {
    const chunk = new Uint8Array(readFileSync(join(dir, `${c.name}.chunk`)));
    const raw = new Uint8Array(readFileSync(join(dir, `${c.name}.pixels`)));
    if (chunk.length !== c.chunkBytes || sha256(chunk) !== c.chunkSha256) throw new Error(`${dir}: ${c.name}.chunk is not the chunk manifest.json describes`);
    if (sha256(raw) !== c.pixelsSha256) throw new Error(`${dir}: ${c.name}.pixels are not the pixels manifest.json describes`);
    if (!isDType(c.dtype)) throw new Error(`${dir}: ${c.name} has dtype ${c.dtype}, which no frame can have`);
    return { name: c.name, info: { shape: c.shape, dtype: c.dtype }, filters: c.filters, chunk, pixels: pixelsFromBytes(c.dtype, raw) };
  });
}
