import { lz4Kernel } from './kernel.js';
import type { EncodeFramedBlocksOptions, FramedBlocksOptions } from './framed.js';

export { Lz4DecodeError, isLz4DecodeError, type Lz4DecodeReason } from './error.js';
export {
  LAST_LITERALS,
  MATCH_START_MARGIN,
  MAX_INPUT_SIZE,
  MAX_OFFSET,
  MIN_COMPRESSIBLE_LENGTH,
  MIN_MATCH,
  lz4CompressBound,
} from './limits.js';
export {
  framedBlocksBound,
  MAX_FRAMED_BLOCK_BYTES,
  type EncodeFramedBlocksOptions,
  type FramedBlocksOptions,
} from './framed.js';
export { lz4Kernel, lz4WasmUnavailable, typescriptLz4Kernel, wasmLz4Kernel, type Lz4Kernel } from './kernel.js';

/**
 * Encodes `src` as one raw LZ4 block (FORMATS.md §1) into `dst` and returns the number of bytes
 * written. `dst` must hold at least `lz4CompressBound(src.length)` bytes (RangeError otherwise).
 */
export function encodeBlock(src: Uint8Array, dst: Uint8Array): number {
  return lz4Kernel.encodeBlock(src, dst);
}

/**
 * Strictly decodes one raw LZ4 block into exactly `dst.length` bytes; returns `dst.length` or
 * throws Lz4DecodeError. Never writes outside `dst`.
 */
export function decodeBlock(src: Uint8Array, dst: Uint8Array): number {
  return lz4Kernel.decodeBlock(src, dst);
}

/**
 * Encodes `src` in blocks of `blockBytes` (the last may be shorter), each as a big-endian uint32
 * length and its LZ4 block (or the raw block with `storeRaw`): the body of an HDF5 32004 chunk.
 * Returns a fresh, exactly sized array with `prefixBytes` zero bytes in front.
 */
export function encodeFramedBlocks(
  src: Uint8Array,
  blockBytes: number,
  options?: EncodeFramedBlocksOptions,
): Uint8Array<ArrayBuffer> {
  return lz4Kernel.encodeFramedBlocks(src, blockBytes, options);
}

/**
 * Decodes framed blocks (see encodeFramedBlocks) from `src` into exactly `dst.length` bytes:
 * ceil(dst.length / blockBytes) blocks. Returns the number of input bytes consumed; throws
 * Lz4DecodeError (with `block`) for malformed input.
 */
export function decodeFramedBlocks(src: Uint8Array, dst: Uint8Array, blockBytes: number, options?: FramedBlocksOptions): number {
  return lz4Kernel.decodeFramedBlocks(src, dst, blockBytes, options);
}
