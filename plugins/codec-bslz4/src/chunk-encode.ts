import { lz4CompressBound, typescriptLz4Kernel } from '@beamstack/lz4';
import { blockElemsAt } from './layout.js';
import { bitshuffleBlock } from './transpose.js';

/*
 * Reused between calls so encoding a frame allocates only its result: the worst-case chunk
 * buffer and the shuffled-block buffer grow to the largest frame seen and stay. They carry no
 * state from one call to the next.
 */
let chunkScratch: Uint8Array<ArrayBuffer> = new Uint8Array(0);
let blockScratch: Uint8Array<ArrayBuffer> = new Uint8Array(0);

function scratchOf(current: Uint8Array<ArrayBuffer>, bytes: number): Uint8Array<ArrayBuffer> {
  return current.length >= bytes ? current : new Uint8Array(bytes);
}

/** Largest chunk a bslz4 encoder can produce for these sizes. */
export function bslz4ChunkBound(elemCount: number, elemSize: number, blockElems: number): number {
  const fullBlocks = Math.floor(elemCount / blockElems);
  const partial = blockElemsAt(elemCount - fullBlocks * blockElems, blockElems);
  let bound = 12 + (elemCount % 8) * elemSize;
  if (fullBlocks > 0) bound += fullBlocks * (4 + lz4CompressBound(blockElems * elemSize));
  if (partial > 0) bound += 4 + lz4CompressBound(partial * elemSize);
  return bound;
}

/** Refuses block sizes the 32-bit header field cannot hold. */
export function checkBlockBytes(blockElems: number, elemSize: number): void {
  const blockBytes = blockElems * elemSize;
  if (blockBytes > 0xffff_ffff) throw new RangeError(`block of ${blockBytes} bytes does not fit the 32-bit header field`);
}

/**
 * The TypeScript encoder: `elemCount` elements of `elemSize` bytes (little-endian, in `data`) as
 * an HDF5 32008 bslz4 chunk (FORMATS.md §3.2): 12-byte big-endian header, then per block a
 * big-endian length and the LZ4 block of the bit-shuffled block, then the last `elemCount mod 8`
 * elements raw. `data` is only read. `blockElems` must be a positive multiple of 8.
 */
export function encodeBslz4ChunkTs(data: Uint8Array, elemSize: number, blockElems: number): Uint8Array<ArrayBuffer> {
  const elemCount = data.length / elemSize;
  const blockBytes = blockElems * elemSize;
  checkBlockBytes(blockElems, elemSize);

  chunkScratch = scratchOf(chunkScratch, bslz4ChunkBound(elemCount, elemSize, blockElems));
  const out = chunkScratch;
  blockScratch = scratchOf(blockScratch, Math.min(blockElems, elemCount) * elemSize);
  const shuffled = blockScratch;

  const header = new DataView(out.buffer, out.byteOffset, 12);
  header.setUint32(0, Math.floor(data.length / 0x1_0000_0000));
  header.setUint32(4, data.length >>> 0);
  header.setUint32(8, blockBytes);

  let pos = 12;
  let start = 0;
  let left = elemCount;
  for (;;) {
    const count = blockElemsAt(left, blockElems);
    if (count === 0) break;
    const bytes = count * elemSize;
    const block = shuffled.subarray(0, bytes);
    bitshuffleBlock(data.subarray(start * elemSize, start * elemSize + bytes), block, elemSize);
    const written = typescriptLz4Kernel.encodeBlock(block, out.subarray(pos + 4));
    out[pos] = written >>> 24;
    out[pos + 1] = written >>> 16;
    out[pos + 2] = written >>> 8;
    out[pos + 3] = written;
    pos += 4 + written;
    start += count;
    left -= count;
  }
  out.set(data.subarray(start * elemSize), pos);
  pos += left * elemSize;
  return out.slice(0, pos);
}
