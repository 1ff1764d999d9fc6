import type { ChunkIndexSpec } from '../messages/layout.js';
import { malformed } from '../errors.js';
import type { H5File } from '../file.js';
import { Limits } from '../limits.js';
import { isPowerOfTwo, log2Floor, type Cursor } from '../cursor.js';
import { checkClient, readElement, type ArrayElement } from './elements.js';
import { decompose, type ChunkGeometry } from './geometry.js';
import type { ChunkSink } from './table.js';

type Params = ChunkIndexSpec & { type: 'extensible-array' };

interface SuperBlockInfo {
  readonly dataBlocks: number;
  readonly elementsPerBlock: number;
  readonly firstElement: number;
}

/**
 * Chunks indexed by an extensible array (layout 4; exactly one unlimited dimension). The first
 * elements live in the index block; then come super blocks s = 0, 1, ... each with
 * 2^floor(s/2) data blocks of (min elements) * 2^ceil(s/2) elements. The data blocks of the
 * first super blocks are listed in the index block itself, the others in separate super blocks.
 * Data blocks larger than a page are split into checksummed pages.
 */
export async function walkExtensibleArray(file: H5File, address: number, g: ChunkGeometry, p: Params, sink: ChunkSink): Promise<void> {
  const { offsetSize, lengthSize } = file.widths;
  const what = `extensible array header at ${address}`;
  const headerSize = 4 + 1 + 1 + 6 + 6 * lengthSize + offsetSize;
  const head = await file.read(address, headerSize + 4, what);
  file.verifyChecksum(head, 0, headerSize, what);
  const hc: Cursor = file.cursor(head, what);
  hc.expectSignature('EAHD');
  if (hc.u8() !== 0) hc.fail('unsupported version');
  const clientId = hc.u8();
  const elementSize = hc.u8();
  const maxBits = hc.u8();
  const indexElements = hc.u8();
  const minElements = hc.u8();
  const minPointers = hc.u8();
  const pageBits = hc.u8();
  for (let i = 0; i < 5; i++) hc.lengthField(); // super/data block statistics, max index set
  const elementCount = hc.lengthField();
  const indexBlock = hc.address();
  checkClient(hc, clientId, elementSize, g);
  if (maxBits !== p.maxBits || indexElements !== p.indexElements || minElements !== p.minElements || minPointers !== p.minPointers || pageBits !== p.pageBits) {
    hc.fail('creation parameters differ from the layout message');
  }
  if (maxBits < 1 || maxBits > 53 || !isPowerOfTwo(minElements) || !isPowerOfTwo(minPointers) || minPointers < 2 || pageBits > 32) {
    hc.fail('invalid creation parameters');
  }
  if (log2Floor(minElements) > maxBits) hc.fail('minimum data block size exceeds the array size');
  if (indexBlock === null) return;

  const ea = new Walker(file, g, sink, address, clientId, elementSize, maxBits, pageBits);
  const superBlocks = 1 + maxBits - log2Floor(minElements);
  const info: SuperBlockInfo[] = [];
  let first = indexElements;
  for (let s = 0; s < superBlocks; s++) {
    const dataBlocks = 2 ** Math.floor(s / 2);
    const elementsPerBlock = 2 ** Math.ceil(s / 2) * minElements;
    info.push({ dataBlocks, elementsPerBlock, firstElement: first });
    first += dataBlocks * elementsPerBlock;
  }
  const indexSuperBlocks = Math.min(superBlocks, 2 * log2Floor(minPointers));
  const directDataBlocks = 2 * (minPointers - 1);
  const superBlockAddresses = superBlocks - indexSuperBlocks;

  const iwhat = `extensible array index block at ${indexBlock}`;
  const iblockSize = 4 + 1 + 1 + offsetSize + indexElements * elementSize + (directDataBlocks + superBlockAddresses) * offsetSize;
  const iblock = await file.read(indexBlock, iblockSize + 4, iwhat);
  file.verifyChecksum(iblock, 0, iblockSize, iwhat);
  const c: Cursor = file.cursor(iblock, iwhat);
  ea.prefix(c, 'EAIB');
  for (let i = 0; i < indexElements; i++) ea.emit(i, readElement(c, g));

  // Data blocks of the first super blocks, listed in order of super block.
  let s = 0;
  let inBlock = 0;
  for (let i = 0; i < directDataBlocks; i++) {
    while (s < indexSuperBlocks && inBlock >= info[s]!.dataBlocks) {
      s++;
      inBlock = 0;
    }
    const dblock = c.address();
    if (s < indexSuperBlocks && dblock !== null) {
      const sb = info[s]!;
      await ea.dataBlock(dblock, sb.firstElement + inBlock * sb.elementsPerBlock, sb.elementsPerBlock, null);
    }
    inBlock++;
  }
  const sblocks: (number | null)[] = [];
  for (let i = 0; i < superBlockAddresses; i++) sblocks.push(c.address());
  for (let i = 0; i < sblocks.length; i++) {
    const sblock = sblocks[i];
    if (sblock === null || sblock === undefined) continue;
    await ea.superBlock(sblock, info[indexSuperBlocks + i]!);
  }
  if (ea.emitted > elementCount && elementCount > 0) {
    throw malformed(file, `${what}: more elements than the header's ${elementCount}`);
  }
}

class Walker {
  emitted = 0;
  private readonly seen = new Set<number>();
  private readonly offsetBytes: number;
  private readonly extents: number[];
  private readonly unlimited: number;

  constructor(
    private readonly file: H5File,
    private readonly g: ChunkGeometry,
    private readonly sink: ChunkSink,
    private readonly header: number,
    private readonly clientId: number,
    private readonly elementSize: number,
    maxBits: number,
    private readonly pageBits: number,
  ) {
    this.offsetBytes = Math.ceil(maxBits / 8);
    // Elements are numbered with the unlimited dimension moved to the front ("swizzled").
    this.unlimited = Math.max(0, g.maxGrid.findIndex((n) => !Number.isFinite(n)));
    const rest = g.maxGrid.filter((_, d) => d !== this.unlimited);
    this.extents = [Infinity, ...rest];
  }

  /** Signature, version, client ID and owning header of an index/super/data block. */
  prefix(c: Cursor, signature: string): void {
    c.expectSignature(signature);
    if (c.u8() !== 0) c.fail('unsupported version');
    if (c.u8() !== this.clientId) c.fail('client ID differs from the header');
    if (c.address() !== this.header) c.fail('belongs to another extensible array');
  }

  emit(index: number, e: ArrayElement): void {
    if (e.address === null) return;
    if (++this.emitted > Limits.chunks) throw malformed(this.file, `more than ${Limits.chunks} chunks`);
    const swizzled = decompose(index, this.extents);
    const scaled = swizzled.slice(1);
    scaled.splice(this.unlimited, 0, swizzled[0]!);
    this.sink.add(scaled, e.address, e.size, e.filterMask);
  }

  private visit(address: number, what: string): void {
    if (this.seen.has(address)) throw malformed(this.file, `${what} at ${address} is referenced twice`);
    if (this.seen.size >= Limits.treeNodes) throw malformed(this.file, `extensible array has more than ${Limits.treeNodes} blocks`);
    this.seen.add(address);
  }

  private pages(elements: number): number {
    const pageElements = 2 ** this.pageBits;
    return elements > pageElements ? elements / pageElements : 0;
  }

  async superBlock(address: number, sb: SuperBlockInfo): Promise<void> {
    const what = `extensible array super block at ${address}`;
    this.visit(address, what);
    const { offsetSize } = this.file.widths;
    const pages = this.pages(sb.elementsPerBlock);
    const bitmapSize = pages > 0 ? Math.ceil(pages / 8) : 0;
    const size = 4 + 1 + 1 + offsetSize + this.offsetBytes + sb.dataBlocks * (bitmapSize + offsetSize);
    const bytes = await this.file.read(address, size + 4, what);
    this.file.verifyChecksum(bytes, 0, size, what);
    const c: Cursor = this.file.cursor(bytes, what);
    this.prefix(c, 'EASB');
    c.uint(this.offsetBytes); // block offset
    // One bit per page, numbered across all data blocks (block i's pages from bit i * pages),
    // most significant bit first; set once the page has been written.
    const bitmap = c.bytesView(sb.dataBlocks * bitmapSize);
    for (let i = 0; i < sb.dataBlocks; i++) {
      const dblock = c.address();
      if (dblock === null) continue;
      const written = pages > 0 ? (p: number) => bitSet(bitmap, i * pages + p) : null;
      await this.dataBlock(dblock, sb.firstElement + i * sb.elementsPerBlock, sb.elementsPerBlock, written);
    }
  }

  /** A data block of `elements` elements starting at element `first`; `written` tells which pages exist. */
  async dataBlock(address: number, first: number, elements: number, written: ((page: number) => boolean) | null): Promise<void> {
    const what = `extensible array data block at ${address}`;
    this.visit(address, what);
    const { offsetSize } = this.file.widths;
    const pages = this.pages(elements);
    const prefixSize = 4 + 1 + 1 + offsetSize + this.offsetBytes;
    const size = prefixSize + (pages > 0 ? 0 : elements * this.elementSize);
    const bytes = await this.file.read(address, size + 4, what);
    this.file.verifyChecksum(bytes, 0, size, what);
    const c: Cursor = this.file.cursor(bytes, what);
    this.prefix(c, 'EADB');
    c.uint(this.offsetBytes); // block offset
    if (pages === 0) {
      for (let i = 0; i < elements; i++) this.emit(first + i, readElement(c, this.g));
      return;
    }
    const pageElements = 2 ** this.pageBits;
    const pageBytes = pageElements * this.elementSize;
    for (let p = 0; p < pages; p++) {
      // Pages of blocks listed in the index block have no bitmap: they exist with the block.
      if (written && !written(p)) continue;
      const pageAddress = address + size + 4 + p * (pageBytes + 4);
      const pwhat = `extensible array page ${p} at ${pageAddress}`;
      const page = await this.file.read(pageAddress, pageBytes + 4, pwhat);
      this.file.verifyChecksum(page, 0, pageBytes, pwhat);
      const pc: Cursor = this.file.cursor(page, pwhat);
      for (let i = 0; i < pageElements; i++) this.emit(first + p * pageElements + i, readElement(pc, this.g));
    }
  }
}

function bitSet(bitmap: Uint8Array, bit: number): boolean {
  return (bitmap[bit >> 3]! & (0x80 >> (bit & 7))) !== 0;
}
