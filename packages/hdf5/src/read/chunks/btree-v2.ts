import type { Cursor } from '../cursor.js';
import type { H5File } from '../file.js';
import { BT2, walkBtreeV2 } from '../structures/btree-v2.js';
import type { ChunkGeometry } from './geometry.js';
import type { ChunkSink } from './table.js';

/**
 * Chunks indexed by a version-2 B-tree (layout 4; datasets with several unlimited dimensions).
 * Type-10 records: address, scaled offsets. Type-11 (filtered): address, stored size, filter
 * mask, scaled offsets.
 */
export async function walkChunkBtreeV2(file: H5File, address: number, g: ChunkGeometry, sink: ChunkSink): Promise<void> {
  const type = g.filtered ? BT2.FILTERED_CHUNKS : BT2.CHUNKS;
  const sizeWidth = g.chunkSizeWidth;
  const expected = file.widths.offsetSize + (g.filtered ? sizeWidth + 4 : 0) + 8 * g.rank;
  await walkBtreeV2(file, address, type, (record) => {
    const c: Cursor = file.cursor(record, `chunk v2 B-tree record at ${address}`);
    const chunkAddress = c.address();
    const size = g.filtered ? c.uint(sizeWidth) : g.chunkBytes;
    const mask = g.filtered ? c.u32() : 0;
    const scaled: number[] = [];
    for (let d = 0; d < g.rank; d++) scaled.push(c.u64());
    if (chunkAddress !== null) sink.add(scaled, chunkAddress, size, mask);
  }, expected);
}
