import { bytesPerPixel } from '@beamstack/contract';
import { reason, type Findings } from './findings.js';
import type { DataFile } from './nxmx.js';
import type { ChunkDecoder, FrameDescription } from './types.js';

/** Chunks per data file beyond which the chunk grid is taken as corrupt rather than walked. */
export const MAX_CHUNKS_PER_FILE = 50_000_000;

/**
 * Reads every stored chunk of every data file and decodes it. Each chunk that cannot be read,
 * is not stored, or does not decode is one 'decode' finding naming the file and the frame.
 */
export async function decodeNxmxChunks(files: readonly DataFile[], decoder: ChunkDecoder, findings: Findings): Promise<void> {
  for (const file of files) await decodeFile(file, decoder, findings);
}

async function decodeFile(file: DataFile, decoder: ChunkDecoder, findings: Findings): Promise<void> {
  const { dataset } = file;
  // Contiguous or compact data have no chunks and no filters: the checksum already covers them.
  if (dataset.layout !== 'chunked' || !dataset.chunks) return;
  const chunks = dataset.chunks;
  const grid = dataset.shape.map((extent, d) => Math.ceil(extent / chunks[d]!));
  const total = grid.reduce((a, b) => a * b, 1);
  if (total > MAX_CHUNKS_PER_FILE) {
    findings.add('decode', file.path, `${total} chunks (grid ${grid.join('x')}) is more than ${MAX_CHUNKS_PER_FILE}; not decoded`);
    return;
  }
  // A chunk of (n, h, w) decodes as n·h rows of w pixels: codecs see only the element count and width.
  const described: FrameDescription = { shape: [chunks[0]! * chunks[1]!, chunks[2]!], dtype: file.dtype };
  const rawBytes = chunks[0]! * chunks[1]! * chunks[2]! * bytesPerPixel(file.dtype);
  const wholeFrames = grid[1] === 1 && grid[2] === 1;
  const coords = [0, 0, 0];
  for (let k = 0; k < total; k++) {
    coords[0] = Math.floor(k / (grid[1]! * grid[2]!));
    coords[1] = Math.floor(k / grid[2]!) % grid[1]!;
    coords[2] = k % grid[2]!;
    const frame = coords[0] * chunks[0]!;
    const where = `frame ${frame} of this file (image ${file.firstFrame + frame + 1} of the series)${wholeFrames ? '' : `, chunk [${coords.join(', ')}]`}`;
    let raw;
    try {
      raw = await dataset.readChunk(coords);
    } catch (error) {
      findings.add('decode', file.path, `${where}: cannot read the chunk: ${reason(error)}`);
      continue;
    }
    if (!raw) {
      findings.add('decode', file.path, `${where}: chunk not stored (it would read as the fill value)`);
      continue;
    }
    const applied = dataset.filters.filter((_, i) => i >= 32 || (raw.filterMask & (1 << i)) === 0);
    try {
      if (applied.length === 0) {
        if (raw.bytes.length !== rawBytes) throw new Error(`unfiltered chunk has ${raw.bytes.length} bytes; expected ${rawBytes}`);
      } else {
        decoder.decode(applied, raw.bytes, described);
      }
    } catch (error) {
      findings.add('decode', file.path, `${where}: ${reason(error)}`);
    }
  }
}
