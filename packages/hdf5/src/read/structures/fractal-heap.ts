import { type Cursor, bytesToEncode, isPowerOfTwo, log2Floor } from '../cursor.js';
import { malformed } from '../errors.js';
import type { H5File } from '../file.js';
import { Limits } from '../limits.js';
import { BT2, walkBtreeV2 } from './btree-v2.js';

interface HeapHeader {
  readonly idLength: number;
  readonly checksummedBlocks: boolean;
  readonly maxManagedSize: number;
  readonly hugeBtree: number | null;
  readonly width: number;
  readonly startBlockSize: number;
  readonly maxDirectBlockSize: number;
  readonly maxHeapBits: number;
  readonly root: number | null;
  readonly rootRows: number;
}

interface IndirectBlock {
  readonly children: readonly (number | null)[];
}

/** Most direct blocks kept decoded per heap (groups and attribute sets are read in one sweep). */
const BLOCK_CACHE = 64;

/**
 * A fractal heap (dense link and attribute storage). Objects are found from their heap IDs:
 * managed objects by walking the doubling table of indirect blocks down to a direct block,
 * tiny objects from the ID itself, huge objects directly or through their v2 B-tree. Filtered
 * heaps (I/O filters on the heap itself) are not supported.
 */
export class FractalHeap {
  private readonly direct = new Map<number, Uint8Array>();
  private readonly indirect = new Map<number, IndirectBlock>();
  private hugeIndex: Map<number, { address: number; length: number }> | null = null;

  private constructor(
    private readonly file: H5File,
    private readonly address: number,
    private readonly h: HeapHeader,
  ) {}

  static async open(file: H5File, address: number): Promise<FractalHeap> {
    const what = `fractal heap header at ${address}`;
    const { offsetSize: O, lengthSize: L } = file.widths;
    const fixed = 4 + 1 + 2 + 2 + 1 + 4 + L + O + L + O + 7 * L + 2 * L + 2 + L + L + 2 + 2 + O + 2;
    const head = await file.readUpTo(address, fixed + 4 + 64, what);
    const c: Cursor = file.cursor(head, what);
    c.expectSignature('FRHP');
    const version = c.u8();
    if (version !== 0) c.fail(`unsupported version ${version}`);
    const idLength = c.u16();
    const filterLength = c.u16();
    const flags = c.u8();
    const maxManagedSize = c.u32();
    c.lengthField(); // next huge object ID
    const hugeBtree = c.address();
    c.lengthField(); // free space in managed blocks
    c.address(); // free space manager
    c.lengthField(); // managed space
    c.lengthField(); // allocated managed space
    c.lengthField(); // direct block allocation iterator
    c.lengthField(); // managed objects
    c.lengthField(); // huge objects size
    c.lengthField(); // huge objects count
    c.lengthField(); // tiny objects size
    c.lengthField(); // tiny objects count
    const width = c.u16();
    const startBlockSize = c.lengthField();
    const maxDirectBlockSize = c.lengthField();
    const maxHeapBits = c.u16();
    c.u16(); // starting rows of the root indirect block
    const root = c.address();
    const rootRows = c.u16();
    if (filterLength > 0) c.fail('filtered fractal heaps are not supported');
    file.verifyChecksum(head, 0, c.pos, what);
    if (!isPowerOfTwo(width) || width > 65536) c.fail(`invalid table width ${width}`);
    if (!isPowerOfTwo(startBlockSize) || !isPowerOfTwo(maxDirectBlockSize) || maxDirectBlockSize < startBlockSize) {
      c.fail(`invalid block sizes ${startBlockSize}/${maxDirectBlockSize}`);
    }
    if (maxDirectBlockSize > Limits.metadataBlock) c.fail(`direct blocks of ${maxDirectBlockSize} bytes are too large`);
    if (maxHeapBits < 1 || maxHeapBits > 53) c.fail(`unsupported heap address space of ${maxHeapBits} bits`);
    if (idLength < 2 || idLength > 4096) c.fail(`invalid heap ID length ${idLength}`);
    if (rootRows > maxHeapBits + 2) c.fail(`root indirect block has ${rootRows} rows`);
    return new FractalHeap(file, address, {
      idLength,
      checksummedBlocks: (flags & 0x02) !== 0,
      maxManagedSize,
      hugeBtree,
      width,
      startBlockSize,
      maxDirectBlockSize,
      maxHeapBits,
      root,
      rootRows,
    });
  }

  get idLength(): number {
    return this.h.idLength;
  }

  private get offsetBytes(): number {
    return Math.ceil(this.h.maxHeapBits / 8);
  }

  private get lengthBytes(): number {
    return Math.min(Math.ceil(log2Floor(this.h.maxDirectBlockSize) / 8), bytesToEncode(this.h.maxManagedSize));
  }

  private get maxDirectRows(): number {
    return log2Floor(this.h.maxDirectBlockSize) - log2Floor(this.h.startBlockSize) + 2;
  }

  /** The bytes of the object with this heap ID. */
  async object(id: Uint8Array): Promise<Uint8Array> {
    const c: Cursor = this.file.cursor(id, `fractal heap ${this.address}: heap ID`);
    const first = c.u8();
    if (first >> 6 !== 0) c.fail(`unsupported heap ID version ${first >> 6}`);
    const type = (first >> 4) & 0x03;
    if (type === 0) {
      const offset = c.uint(this.offsetBytes);
      const length = c.uint(this.lengthBytes);
      return this.managed(offset, length);
    }
    if (type === 2) {
      // Tiny objects live in the ID; IDs longer than 18 bytes use a 12-bit length.
      const length = this.h.idLength <= 18 ? (first & 0x0f) + 1 : (((first & 0x0f) << 8) | c.u8()) + 1;
      return c.bytesView(length);
    }
    if (type === 1) return this.huge(c.bytesView(c.remaining));
    return c.fail(`unknown heap ID type ${type}`);
  }

  private async managed(offset: number, length: number): Promise<Uint8Array> {
    const what = `fractal heap ${this.address}`;
    if (!(length > 0) || !Number.isSafeInteger(offset) || offset + length > 2 ** this.h.maxHeapBits) {
      throw malformed(this.file, `${what}: object at offset ${offset} (+${length}) is outside the heap`);
    }
    if (this.h.root === null) throw malformed(this.file, `${what} is empty but an object was requested`);
    let blockAddress = this.h.root;
    let blockOffset = 0;
    let blockSize = this.h.startBlockSize;
    if (this.h.rootRows > 0) {
      let rows = this.h.rootRows;
      for (let depth = 0; ; depth++) {
        if (depth > Limits.treeDepth) throw malformed(this.file, `${what}: indirect blocks nest too deep`);
        const found = await this.locate(blockAddress, rows, blockOffset, offset);
        blockAddress = found.address;
        blockOffset = found.offset;
        blockSize = found.size;
        if (found.rows === 0) break;
        rows = found.rows;
      }
    }
    const block = await this.directBlock(blockAddress, blockSize, blockOffset);
    const start = offset - blockOffset;
    if (start < this.directHeaderSize() || start + length > block.length) {
      throw malformed(this.file, `${what}: object at offset ${offset} (+${length}) does not fit its direct block`);
    }
    return block.subarray(start, start + length);
  }

  /** Finds the child of an indirect block holding heap offset `target`; rows 0 means a direct block. */
  private async locate(
    address: number,
    rows: number,
    blockOffset: number,
    target: number,
  ): Promise<{ address: number; offset: number; size: number; rows: number }> {
    const { width, startBlockSize: start } = this.h;
    const block = await this.indirectBlock(address, rows, blockOffset);
    const relative = target - blockOffset;
    let rowStart = 0;
    for (let row = 0; row < rows; row++) {
      const size = row === 0 ? start : start * 2 ** (row - 1);
      const rowEnd = rowStart + width * size;
      if (relative < rowEnd) {
        const col = Math.floor((relative - rowStart) / size);
        const childOffset = blockOffset + rowStart + col * size;
        const direct = row < this.maxDirectRows;
        const slot = direct ? row * width + col : this.maxDirectRows * width + (row - this.maxDirectRows) * width + col;
        const child = block.children[slot];
        if (child === null || child === undefined) {
          throw malformed(this.file, `fractal heap ${this.address}: heap offset ${target} falls in an unallocated block`);
        }
        const childRows = direct ? 0 : log2Floor(size) - log2Floor(start * width) + 1;
        return { address: child, offset: childOffset, size, rows: childRows };
      }
      rowStart = rowEnd;
    }
    throw malformed(this.file, `fractal heap ${this.address}: heap offset ${target} lies beyond indirect block ${address}`);
  }

  private async indirectBlock(address: number, rows: number, blockOffset: number): Promise<IndirectBlock> {
    const cached = this.indirect.get(address);
    if (cached) return cached;
    const what = `fractal heap indirect block at ${address}`;
    const { offsetSize } = this.file.widths;
    const width = this.h.width;
    const directEntries = Math.min(rows, this.maxDirectRows) * width;
    const indirectEntries = rows > this.maxDirectRows ? (rows - this.maxDirectRows) * width : 0;
    const headerSize = 4 + 1 + offsetSize + this.offsetBytes;
    const size = headerSize + (directEntries + indirectEntries) * offsetSize;
    const bytes = await this.file.read(address, size + 4, what);
    this.file.verifyChecksum(bytes, 0, size, what);
    const c: Cursor = this.file.cursor(bytes, what);
    c.expectSignature('FHIB');
    if (c.u8() !== 0) c.fail('unsupported version');
    if (c.address() !== this.address) c.fail('belongs to another heap');
    if (c.uint(this.offsetBytes) !== blockOffset) c.fail('block offset does not match its place in the heap');
    const children: (number | null)[] = [];
    for (let i = 0; i < directEntries + indirectEntries; i++) children.push(c.address());
    const block = { children };
    this.indirect.set(address, block);
    return block;
  }

  private directHeaderSize(): number {
    return 4 + 1 + this.file.widths.offsetSize + this.offsetBytes + (this.h.checksummedBlocks ? 4 : 0);
  }

  private async directBlock(address: number, size: number, blockOffset: number): Promise<Uint8Array> {
    const cached = this.direct.get(address);
    if (cached) return cached;
    const what = `fractal heap direct block at ${address}`;
    const bytes = await this.file.read(address, size, what);
    const c: Cursor = this.file.cursor(bytes, what);
    c.expectSignature('FHDB');
    if (c.u8() !== 0) c.fail('unsupported version');
    if (c.address() !== this.address) c.fail('belongs to another heap');
    if (c.uint(this.offsetBytes) !== blockOffset) c.fail('block offset does not match its place in the heap');
    if (this.h.checksummedBlocks) {
      // The checksum covers the whole block with its own field taken as zero.
      const at = c.pos;
      const copy = bytes.slice();
      copy.fill(0, at, at + 4);
      const stored = bytes.subarray(at, at + 4);
      const check = new Uint8Array(copy.length + 4);
      check.set(copy);
      check.set(stored, copy.length);
      this.file.verifyChecksum(check, 0, copy.length, what);
    }
    if (this.direct.size >= BLOCK_CACHE) this.direct.delete(this.direct.keys().next().value!);
    this.direct.set(address, bytes);
    return bytes;
  }

  /** Huge objects: stored on their own, located from the ID or through the heap's v2 B-tree. */
  private async huge(key: Uint8Array): Promise<Uint8Array> {
    const { offsetSize, lengthSize } = this.file.widths;
    const what = `fractal heap ${this.address}: huge object`;
    if (this.h.idLength - 1 >= offsetSize + lengthSize) {
      const c: Cursor = this.file.cursor(key, what);
      const address = c.address();
      const length = c.lengthField();
      if (address === null) c.fail('undefined address');
      return this.file.read(address, length, what);
    }
    if (this.h.hugeBtree === null) throw malformed(this.file, `${what} without a huge-object B-tree`);
    if (!this.hugeIndex) {
      const index = new Map<number, { address: number; length: number }>();
      await walkBtreeV2(this.file, this.h.hugeBtree, BT2.HUGE_OBJECTS, (record) => {
        const c: Cursor = this.file.cursor(record, what);
        const address = c.address();
        const length = c.lengthField();
        const id = c.lengthField();
        if (address !== null) index.set(id, { address, length });
      });
      this.hugeIndex = index;
    }
    const c: Cursor = this.file.cursor(key, what);
    const id = c.uint(Math.min(key.length, lengthSize));
    const found = this.hugeIndex.get(id);
    if (!found) throw malformed(this.file, `${what} ${id} is not in the heap's index`);
    return this.file.read(found.address, found.length, what);
  }
}
