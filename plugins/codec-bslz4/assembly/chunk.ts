import { decodeBlock } from '@beamstack/lz4/assembly/block-decode';
import { encodeBlock } from '@beamstack/lz4/assembly/block-encode';
import { BLOCK_PAST_INPUT, TRUNCATED_BLOCK_LENGTH, fail, setFailedBlock } from '@beamstack/lz4/assembly/status';
import { bitshuffle, bitunshuffle } from './transpose';

/*
 * A whole HDF5 32008 bslz4 chunk (FORMATS.md §3.2) in one call, the same framing as
 * src/chunk-encode.ts and src/chunk-decode.ts: 12-byte big-endian header, then per block a
 * big-endian length and the LZ4 block of the bit-shuffled block, then the last count mod 8
 * elements raw. Each block is shuffled into (or decoded from) a small scratch buffer that stays
 * in cache.
 */

const HEADER_BYTES: u32 = 12;
/** More bytes (or fewer) than the raw tail follow the last block. */
export const TAIL_MISMATCH: i32 = 13;

/** Elements in the block that starts with `left` elements remaining (FORMATS.md §2.2). */
// @ts-ignore: decorator
@inline
function blockElemsAt(left: u32, blockElems: u32): u32 {
  const count = min(left, blockElems);
  return count - (count & 7);
}

// @ts-ignore: decorator
@inline
function storeU32BE(at: usize, value: u32): void {
  store<u32>(at, bswap<u32>(value));
}

/**
 * Encodes `elemCount` elements of `elemSize` bytes at src into dst and returns the chunk size.
 * `scratch` holds one block plus 16 bytes; dst holds the chunk bound plus 16 bytes.
 */
export function encodeChunk(src: usize, elemCount: u32, elemSize: u32, blockElems: u32, dst: usize, scratch: usize): u32 {
  const total = <u64>elemCount * elemSize;
  storeU32BE(dst, <u32>(total >> 32));
  storeU32BE(dst + 4, <u32>total);
  storeU32BE(dst + 8, blockElems * elemSize);
  let pos = HEADER_BYTES;
  let start: u32 = 0;
  let left = elemCount;
  while (true) {
    const count = blockElemsAt(left, blockElems);
    if (count == 0) break;
    const bytes = count * elemSize;
    bitshuffle(src + start * elemSize, scratch, count, elemSize);
    const written = encodeBlock(scratch, bytes, dst + pos + 4);
    storeU32BE(dst + pos, written);
    pos += 4 + written;
    start += count;
    left -= count;
  }
  memory.copy(dst + pos, src + start * elemSize, left * elemSize);
  return pos + left * elemSize;
}

/**
 * Decodes the chunk src[0..srcLength) into exactly elemCount elements at dst. The header has
 * been checked by the host (total = elemCount * elemSize, blockBytes a non-zero multiple of
 * 8 * elemSize). Returns 0, or -code with the block and positions in the lz4 status globals.
 */
export function decodeChunk(
  src: usize,
  srcLength: u32,
  elemSize: u32,
  blockBytes: u32,
  dst: usize,
  elemCount: u32,
  scratch: usize,
): i32 {
  const blockElems = blockBytes / elemSize;
  let pos = HEADER_BYTES;
  let start: u32 = 0;
  let left = elemCount;
  let index: u32 = 0;
  while (true) {
    const count = blockElemsAt(left, blockElems);
    if (count == 0) break;
    const bytes = count * elemSize;
    setFailedBlock(index, pos, start * elemSize);
    if (srcLength - pos < 4) return fail(TRUNCATED_BLOCK_LENGTH, pos, 0, 0);
    const length = bswap<u32>(load<u32>(src + pos));
    pos += 4;
    if (length > srcLength - pos) return fail(BLOCK_PAST_INPUT, pos - 4, 0, length);
    setFailedBlock(index, pos, start * elemSize);
    const result = decodeBlock(src + pos, length, scratch, bytes);
    if (result < 0) return result;
    bitunshuffle(scratch, dst + start * elemSize, count, elemSize);
    pos += length;
    start += count;
    left -= count;
    index++;
  }
  const tailBytes = left * elemSize;
  if (srcLength - pos != tailBytes) return fail(TAIL_MISMATCH, pos, 0, srcLength - pos);
  memory.copy(dst + start * elemSize, src + pos, tailBytes);
  return 0;
}
