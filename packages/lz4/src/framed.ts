import { decodeBlock } from './decode.js';
import { encodeBlock } from './encode.js';
import { inFramedBlock, isLz4DecodeError, lz4Failure, type Lz4DecodeError } from './error.js';
import { MAX_INPUT_SIZE, lz4CompressBound } from './limits.js';

/*
 * Many blocks at once, in the layout of the HDF5 LZ4 filter 32004 (FORMATS.md §4): the data is
 * cut into blocks of `blockBytes` (the last may be shorter), each written as a big-endian uint32
 * length and its payload. This file holds the TypeScript implementation and the argument rules;
 * the wasm kernel does the same in one call (assembly/framed.ts).
 */

export interface FramedBlocksOptions {
  /**
   * HDF5 32004 rule: store a block as-is when LZ4 would not make it smaller (its length then
   * equals the block size), and read a length equal to the block size as "stored". Default false.
   */
  readonly storeRaw?: boolean;
}

export interface EncodeFramedBlocksOptions extends FramedBlocksOptions {
  /** Free bytes left at the start of the result for the caller's header (e.g. 12 for 32004). Default 0. */
  readonly prefixBytes?: number;
}

/** Largest block size the framing's 32-bit length field can describe. */
export const MAX_FRAMED_BLOCK_BYTES = 0xffff_ffff;

export function checkBlockBytes(blockBytes: number): void {
  if (!Number.isInteger(blockBytes) || blockBytes < 1 || blockBytes > MAX_FRAMED_BLOCK_BYTES) {
    throw new RangeError(`framed LZ4 blocks: block size ${blockBytes} is not an integer in 1..${MAX_FRAMED_BLOCK_BYTES}`);
  }
}

export function checkPrefixBytes(prefixBytes: number): void {
  if (!Number.isInteger(prefixBytes) || prefixBytes < 0 || prefixBytes > 1024) {
    throw new RangeError(`framed LZ4 blocks: prefixBytes ${prefixBytes} is not an integer in 0..1024`);
  }
}

/** Worst-case size of `encodeFramedBlocks` output for `length` bytes (without the prefix). */
export function framedBlocksBound(length: number, blockBytes: number): number {
  checkBlockBytes(blockBytes);
  if (!Number.isInteger(length) || length < 0 || length > MAX_INPUT_SIZE) {
    throw new RangeError(`framedBlocksBound: size ${length} is not an integer in 0..${MAX_INPUT_SIZE}`);
  }
  if (length === 0) return 0;
  const fullBlocks = Math.floor(length / blockBytes);
  const last = length - fullBlocks * blockBytes;
  let bound = fullBlocks * (4 + lz4CompressBound(Math.min(blockBytes, length)));
  if (last > 0) bound += 4 + lz4CompressBound(last);
  return bound;
}

/* Scratch for one encoded block, reused between calls (no state carried). */
let blockScratch = new Uint8Array(0);

export function encodeFramedBlocksTs(
  src: Uint8Array,
  blockBytes: number,
  options: EncodeFramedBlocksOptions = {},
): Uint8Array<ArrayBuffer> {
  const prefix = options.prefixBytes ?? 0;
  checkPrefixBytes(prefix);
  const bound = framedBlocksBound(src.length, blockBytes);
  const out = new Uint8Array(prefix + bound);
  const largest = lz4CompressBound(Math.min(blockBytes, src.length));
  if (blockScratch.length < largest) blockScratch = new Uint8Array(largest);
  const storeRaw = options.storeRaw === true;
  let pos = prefix;
  for (let at = 0; at < src.length; at += blockBytes) {
    const block = src.subarray(at, Math.min(at + blockBytes, src.length));
    let written = encodeBlock(block, blockScratch);
    if (storeRaw && written >= block.length) {
      out.set(block, pos + 4);
      written = block.length;
    } else {
      out.set(blockScratch.subarray(0, written), pos + 4);
    }
    out[pos] = written >>> 24;
    out[pos + 1] = written >>> 16;
    out[pos + 2] = written >>> 8;
    out[pos + 3] = written;
    pos += 4 + written;
  }
  return out.slice(0, pos);
}

export function decodeFramedBlocksTs(src: Uint8Array, dst: Uint8Array, blockBytes: number, options: FramedBlocksOptions = {}): number {
  checkBlockBytes(blockBytes);
  const storeRaw = options.storeRaw === true;
  const inEnd = src.length;
  const outEnd = dst.length;
  let pos = 0;
  let index = 0;
  for (let at = 0; at < outEnd; at += blockBytes, index++) {
    const size = Math.min(blockBytes, outEnd - at);
    if (inEnd - pos < 4) {
      throw framingFailure(lz4Failure('truncated-block-length', inEnd - pos, { input: pos, inputEnd: inEnd, output: at, outputEnd: outEnd }), index);
    }
    const length = ((src[pos]! << 24) | (src[pos + 1]! << 16) | (src[pos + 2]! << 8) | src[pos + 3]!) >>> 0;
    if (length > inEnd - pos - 4) {
      throw framingFailure(lz4Failure('block-past-input', length, { input: pos, inputEnd: inEnd, output: at, outputEnd: outEnd }), index);
    }
    pos += 4;
    const payload = src.subarray(pos, pos + length);
    const target = dst.subarray(at, at + size);
    if (storeRaw && length === size) {
      target.set(payload);
    } else {
      try {
        decodeBlock(payload, target);
      } catch (error) {
        if (!isLz4DecodeError(error)) throw error;
        throw inFramedBlock(error, index, pos, at);
      }
    }
    pos += length;
  }
  return pos;
}

/** A framing failure: positions are already absolute, only the block index is added. */
function framingFailure(error: Lz4DecodeError, block: number): Lz4DecodeError {
  return inFramedBlock(error, block, 0, 0);
}
