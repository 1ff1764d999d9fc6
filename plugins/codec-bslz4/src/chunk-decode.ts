import { isLz4DecodeError, typescriptLz4Kernel } from '@beamstack/lz4';
import { Bslz4FormatError, allocateFrame, blockDecodeFailed, blockPastInput, tailMismatch, truncatedBlockLength } from './chunk-errors.js';
import { blockElemsAt } from './layout.js';
import { bitunshuffleBlock } from './transpose.js';

export { Bslz4AllocationError, Bslz4FormatError } from './chunk-errors.js';

/* Shuffled-block buffer, reused between calls (bounded by the caller's expected size). */
let blockScratch = new Uint8Array(0);

export const HEADER_BYTES = 12;

/**
 * Checks the 12-byte header against the frame size the caller expects and returns the block size
 * in bytes. Cheap, so callers can run it before allocating the output.
 */
export function readBslz4Header(chunk: Uint8Array, elemSize: number, expectedBytes: number): number {
  if (chunk.length < HEADER_BYTES) {
    throw new Bslz4FormatError(`chunk of ${chunk.length} bytes is shorter than the ${HEADER_BYTES}-byte header`);
  }
  const header = new DataView(chunk.buffer, chunk.byteOffset, HEADER_BYTES);
  const totalHigh = header.getUint32(0);
  const totalLow = header.getUint32(4);
  const blockBytes = header.getUint32(8);
  const total = totalHigh * 0x1_0000_0000 + totalLow;
  if (total !== expectedBytes) {
    throw new Bslz4FormatError(`header says ${total} uncompressed bytes, the frame has ${expectedBytes}`);
  }
  if (blockBytes === 0 || blockBytes % (8 * elemSize) !== 0) {
    throw new Bslz4FormatError(`header block size ${blockBytes} bytes is not a non-zero multiple of ${8 * elemSize}`);
  }
  return blockBytes;
}

/**
 * The TypeScript decoder of an HDF5 32008 bslz4 chunk (FORMATS.md §3.2) into `out`, whose length
 * is the exact number of bytes the frame must have (elements * elemSize, known from the frame's
 * shape and dtype, never from the chunk). Strict: the header total must equal `out.length`, the
 * header block size must be a non-zero multiple of 8 * elemSize, every block length must fit in
 * the remaining input, every LZ4 block must decode to exactly its size, and exactly
 * (elements mod 8) * elemSize raw bytes must follow the last block. Throws Bslz4FormatError;
 * `out` may hold partial data after a failure.
 */
export function decodeBslz4ChunkTs(chunk: Uint8Array, elemSize: number, out: Uint8Array): void {
  const expectedBytes = out.length;
  const blockBytes = readBslz4Header(chunk, elemSize, expectedBytes);
  const elemCount = expectedBytes / elemSize;
  const blockElems = blockBytes / elemSize;
  // Bounded by the expected frame size, not by the (hostile) header block size.
  const largestBlock = blockElemsAt(elemCount, blockElems) * elemSize;
  if (blockScratch.length < largestBlock) blockScratch = new Uint8Array(largestBlock);
  const shuffled = blockScratch;

  let pos = HEADER_BYTES;
  let start = 0;
  let left = elemCount;
  let blockIndex = 0;
  for (;;) {
    const count = blockElemsAt(left, blockElems);
    if (count === 0) break;
    const bytes = count * elemSize;
    if (chunk.length - pos < 4) throw truncatedBlockLength(blockIndex, pos);
    const length =
      ((chunk[pos]! << 24) | (chunk[pos + 1]! << 16) | (chunk[pos + 2]! << 8) | chunk[pos + 3]!) >>> 0;
    pos += 4;
    if (length > chunk.length - pos) throw blockPastInput(blockIndex, length, chunk.length - pos, pos - 4);
    const block = shuffled.subarray(0, bytes);
    try {
      typescriptLz4Kernel.decodeBlock(chunk.subarray(pos, pos + length), block);
    } catch (error) {
      if (!isLz4DecodeError(error)) throw error;
      throw blockDecodeFailed(blockIndex, pos, error);
    }
    bitunshuffleBlock(block, out.subarray(start * elemSize, start * elemSize + bytes), elemSize);
    pos += length;
    start += count;
    left -= count;
    blockIndex++;
  }
  const tailBytes = left * elemSize;
  if (chunk.length - pos !== tailBytes) throw tailMismatch(chunk.length - pos, pos, tailBytes);
  out.set(chunk.subarray(pos), start * elemSize);
}

/** Decodes into a fresh buffer of `frameBytes`, allocated only after the header checks out. */
export function decodeBslz4ChunkToBufferTs(chunk: Uint8Array, elemSize: number, frameBytes: number): ArrayBuffer {
  readBslz4Header(chunk, elemSize, frameBytes);
  const buffer = allocateFrame(frameBytes);
  decodeBslz4ChunkTs(chunk, elemSize, new Uint8Array(buffer));
  return buffer;
}
