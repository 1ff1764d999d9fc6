import type { Cursor } from '../cursor.js';
import type { H5File } from '../file.js';
import { BTREE_V1_CHUNK, walkBtreeV1 } from '../structures/btree-v1.js';
import type { ChunkGeometry } from './geometry.js';
import type { ChunkSink } from './table.js';

/**
 * Chunks indexed by a version-1 B-tree (layout versions 1-3, e.g. DECTRIS Eiger2 data files).
 * Each key holds the chunk's stored size, filter mask and element offsets (one per dimension
 * plus a trailing 0 for the element-size dimension).
 */
export async function walkChunkBtreeV1(file: H5File, address: number, g: ChunkGeometry, sink: ChunkSink): Promise<void> {
  const dims = g.rank + 1;
  const keySize = 8 + 8 * dims;
  await walkBtreeV1(file, address, BTREE_V1_CHUNK, keySize, (key, child) => {
    const c: Cursor = file.cursor(key, `chunk B-tree key at ${address}`);
    const size = c.u32();
    const mask = c.u32();
    const scaled: number[] = [];
    for (let d = 0; d < g.rank; d++) {
      const offset = c.u64();
      const chunk = g.chunk[d]!;
      if (!Number.isSafeInteger(offset) || offset % chunk !== 0) c.fail(`chunk offset ${offset} is not a multiple of the chunk size ${chunk}`);
      scaled.push(offset / chunk);
    }
    sink.add(scaled, child, size, mask);
  });
}
