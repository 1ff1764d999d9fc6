import type { Cursor } from '../cursor.js';
import type { ChunkGeometry } from './geometry.js';

/** Client IDs of fixed and extensible arrays: plain chunk addresses, or filtered chunk records. */
export const CLIENT_CHUNKS = 0;
export const CLIENT_FILTERED_CHUNKS = 1;

export interface ArrayElement {
  readonly address: number | null;
  readonly size: number;
  readonly filterMask: number;
}

/** Bytes of one element: an address, plus (filtered) the stored size and the filter mask. */
export function elementSize(offsetSize: number, g: ChunkGeometry): number {
  return offsetSize + (g.filtered ? g.chunkSizeWidth + 4 : 0);
}

/** Decodes one fixed/extensible array element. */
export function readElement(c: Cursor, g: ChunkGeometry): ArrayElement {
  const address = c.address();
  if (!g.filtered) return { address, size: g.chunkBytes, filterMask: 0 };
  const size = c.uint(g.chunkSizeWidth);
  const filterMask = c.u32();
  return { address, size, filterMask };
}

/** Fails unless the array's client ID and element size match the dataset (filtered or not). */
export function checkClient(c: Cursor, clientId: number, size: number, g: ChunkGeometry): void {
  const expectedClient = g.filtered ? CLIENT_FILTERED_CHUNKS : CLIENT_CHUNKS;
  if (clientId !== expectedClient) c.fail(`client ID ${clientId}, expected ${expectedClient}`);
  const expectedSize = elementSize(c.widths.offsetSize, g);
  if (size !== expectedSize) c.fail(`element size ${size}, expected ${expectedSize}`);
}
