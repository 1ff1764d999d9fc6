import type { Cursor } from '../cursor.js';
import { malformed } from '../errors.js';
import type { H5File } from '../file.js';
import { Limits } from '../limits.js';
import { checkClient, readElement, type ArrayElement } from './elements.js';
import { decompose, type ChunkGeometry } from './geometry.js';
import type { ChunkSink } from './table.js';

/**
 * Chunks indexed by a fixed array (layout 4; no unlimited dimension). Element i is the chunk at
 * row-major position i of the maximum chunk grid. Large arrays are split into pages, each with
 * its own checksum, and a bitmap tells which pages were ever written.
 */
export async function walkFixedArray(file: H5File, address: number, g: ChunkGeometry, sink: ChunkSink): Promise<void> {
  const { offsetSize, lengthSize } = file.widths;
  const what = `fixed array header at ${address}`;
  const headerSize = 4 + 1 + 1 + 1 + 1 + lengthSize + offsetSize;
  const head = await file.read(address, headerSize + 4, what);
  file.verifyChecksum(head, 0, headerSize, what);
  const hc: Cursor = file.cursor(head, what);
  hc.expectSignature('FAHD');
  if (hc.u8() !== 0) hc.fail('unsupported version');
  const clientId = hc.u8();
  const entrySize = hc.u8();
  const pageBits = hc.u8();
  const entries = hc.lengthField();
  const dataBlock = hc.address();
  checkClient(hc, clientId, entrySize, g);
  if (entries > Limits.chunks) hc.fail(`${entries} entries (limit ${Limits.chunks})`);
  if (pageBits > 32) hc.fail(`page size of 2^${pageBits} entries`);
  if (dataBlock === null) return;

  const dwhat = `fixed array data block at ${dataBlock}`;
  const pageEntries = 2 ** pageBits;
  const paged = entries > pageEntries;
  const pages = paged ? Math.ceil(entries / pageEntries) : 0;
  const bitmapSize = Math.ceil(pages / 8);
  const prefixSize = 4 + 1 + 1 + offsetSize + bitmapSize;
  const blockSize = prefixSize + (paged ? 0 : entries * entrySize);
  const block = await file.read(dataBlock, blockSize + 4, dwhat);
  file.verifyChecksum(block, 0, blockSize, dwhat);
  const c: Cursor = file.cursor(block, dwhat);
  c.expectSignature('FADB');
  if (c.u8() !== 0) c.fail('unsupported version');
  if (c.u8() !== clientId) c.fail('client ID differs from the header');
  if (c.address() !== address) c.fail('belongs to another fixed array');
  const extents = g.maxGrid.map((n) => (Number.isFinite(n) ? n : 0));
  if (!paged) {
    for (let i = 0; i < entries; i++) emit(sink, extents, i, readElement(c, g));
    return;
  }
  const bitmap = c.bytesView(bitmapSize);
  let pageAddress = dataBlock + blockSize + 4;
  for (let p = 0; p < pages; p++) {
    const count = Math.min(pageEntries, entries - p * pageEntries);
    const pageBytes = count * entrySize;
    // Bit p of the bitmap, most significant bit first: set once the page has been written.
    if (bitmap[p >> 3]! & (0x80 >> (p & 7))) {
      const pwhat = `fixed array page ${p} at ${pageAddress}`;
      const page = await file.read(pageAddress, pageBytes + 4, pwhat);
      file.verifyChecksum(page, 0, pageBytes, pwhat);
      const pc: Cursor = file.cursor(page, pwhat);
      for (let i = 0; i < count; i++) emit(sink, extents, p * pageEntries + i, readElement(pc, g));
    }
    pageAddress += pageBytes + 4;
  }
  if (pageAddress > file.size) throw malformed(file, `${dwhat}: pages extend past the end of the file`);
}

function emit(sink: ChunkSink, extents: readonly number[], index: number, e: ArrayElement): void {
  if (e.address === null) return;
  sink.add(decompose(index, extents), e.address, e.size, e.filterMask);
}
