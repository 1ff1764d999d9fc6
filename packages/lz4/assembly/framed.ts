import { decodeBlock } from './block-decode';
import { encodeBlock } from './block-encode';
import { BLOCK_PAST_INPUT, TRUNCATED_BLOCK_LENGTH, fail, setFailedBlock } from './status';

/*
 * Many blocks in one call, in the layout of the HDF5 LZ4 filter 32004 (FORMATS.md §4): the
 * input is cut into blocks of `blockBytes` (the last one may be shorter) and each is written as
 * a big-endian uint32 length followed by its payload. With `storeRaw`, a block whose LZ4
 * encoding would not be smaller than the block is stored as-is (length = block size), and on
 * decode a length equal to the block size means "stored".
 */

// @ts-ignore: decorator
@inline
function storeLengthBE(at: usize, value: u32): void {
  store<u32>(at, bswap<u32>(value));
}

/**
 * Encodes src[0..length) and returns the bytes written at dst. The caller guarantees
 * framedBound(length, blockBytes) + 16 bytes at dst and 16 readable bytes after the input.
 */
export function encodeFramed(src: usize, length: u32, blockBytes: u32, dst: usize, storeRaw: bool): u32 {
  let pos: u32 = 0;
  let at: u32 = 0;
  while (at < length) {
    const size = min(blockBytes, length - at);
    let written = encodeBlock(src + at, size, dst + pos + 4);
    if (storeRaw && written >= size) {
      memory.copy(dst + pos + 4, src + at, size);
      written = size;
    }
    storeLengthBE(dst + pos, written);
    pos += 4 + written;
    at += size;
  }
  return pos;
}

/**
 * Decodes framed blocks from src[0..srcLength) into exactly dstLength bytes at dst (ceil of
 * dstLength / blockBytes blocks). Returns the input bytes consumed (the caller decides whether
 * trailing bytes are an error), or -code with the block and positions in status.ts.
 */
export function decodeFramed(src: usize, srcLength: u32, dst: usize, dstLength: u32, blockBytes: u32, storeRaw: bool): i32 {
  let pos: u32 = 0;
  let at: u32 = 0;
  let index: u32 = 0;
  while (at < dstLength) {
    const size = min(blockBytes, dstLength - at);
    setFailedBlock(index, pos, at);
    if (srcLength - pos < 4) return fail(TRUNCATED_BLOCK_LENGTH, pos, at, srcLength - pos);
    const length = bswap<u32>(load<u32>(src + pos));
    pos += 4;
    if (length > srcLength - pos) return fail(BLOCK_PAST_INPUT, pos - 4, at, length);
    if (storeRaw && length == size) {
      memory.copy(dst + at, src + pos, size);
    } else {
      const result = decodeBlock(src + pos, length, dst + at, size);
      if (result < 0) return result;
    }
    pos += length;
    at += size;
    index++;
  }
  return <i32>pos;
}
