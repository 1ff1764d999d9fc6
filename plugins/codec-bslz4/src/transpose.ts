import {
  shuffle8x1,
  shuffle8x2,
  shuffle8x4,
  shuffleBytes,
  unshuffle8x1,
  unshuffle8x2,
  unshuffle8x4,
  unshuffleBytes,
} from './transpose8.js';
import { shuffle32x1, shuffle32x2, shuffle32x4, unshuffle32x1, unshuffle32x2, unshuffle32x4 } from './transpose32.js';

/*
 * Bit transposition of one bitshuffle block (FORMATS.md §2.1). Picks the fastest kernel the
 * buffers allow: 32 elements at a time with 32-bit row words (count % 32 == 0, aligned buffers),
 * else 8 elements at a time with 32-bit element words (aligned), else byte by byte (any element
 * size, any alignment, also 8-byte elements). All produce identical bytes.
 */

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Element count of a block; both views must hold exactly count * elemSize bytes, count % 8 == 0. */
export function blockCount(src: Uint8Array, dst: Uint8Array, elemSize: number): number {
  const bytes = src.length;
  const count = bytes / elemSize;
  if (!Number.isInteger(count) || count % 8 !== 0 || dst.length !== bytes) {
    throw new RangeError(
      `bitshuffle block: ${bytes} -> ${dst.length} bytes is not a multiple of 8 elements of ${elemSize} bytes`,
    );
  }
  return count;
}

function aligned4(a: Uint8Array, b: Uint8Array): boolean {
  return LITTLE_ENDIAN_HOST && (a.byteOffset & 3) === 0 && (b.byteOffset & 3) === 0;
}

/** True when the 32-element kernels apply: whole 32-element groups, word-aligned rows, element-aligned elements. */
function rowsFast(count: number, elemSize: number, elements: Uint8Array, rows: Uint8Array): boolean {
  return (
    LITTLE_ENDIAN_HOST &&
    count % 32 === 0 &&
    (rows.byteOffset & 3) === 0 &&
    (elemSize === 1 || (elemSize === 2 && (elements.byteOffset & 1) === 0) || (elemSize === 4 && (elements.byteOffset & 3) === 0))
  );
}

/** Bit-transposes a block of `src.length / elemSize` elements (a multiple of 8) into `dst`. */
export function bitshuffleBlock(src: Uint8Array, dst: Uint8Array, elemSize: number): void {
  const count = blockCount(src, dst, elemSize);
  if (count === 0) return;
  if (rowsFast(count, elemSize, src, dst)) {
    const rows = new Uint32Array(dst.buffer, dst.byteOffset, dst.length >>> 2);
    const rowWords = count >>> 5;
    if (elemSize === 4) shuffle32x4(new Uint32Array(src.buffer, src.byteOffset, count), rows, rowWords);
    else if (elemSize === 2) shuffle32x2(new Uint16Array(src.buffer, src.byteOffset, count), rows, rowWords);
    else shuffle32x1(src, rows, rowWords);
  } else if (aligned4(src, dst) && (elemSize === 1 || elemSize === 2 || elemSize === 4)) {
    const words = new Uint32Array(src.buffer, src.byteOffset, src.length >>> 2);
    if (elemSize === 4) shuffle8x4(words, dst, count);
    else if (elemSize === 2) shuffle8x2(words, dst, count);
    else shuffle8x1(words, dst, count);
  } else {
    shuffleBytes(src, dst, count, elemSize);
  }
}

/** Inverse of bitshuffleBlock. */
export function bitunshuffleBlock(src: Uint8Array, dst: Uint8Array, elemSize: number): void {
  const count = blockCount(src, dst, elemSize);
  if (count === 0) return;
  if (rowsFast(count, elemSize, dst, src)) {
    const rows = new Uint32Array(src.buffer, src.byteOffset, src.length >>> 2);
    const rowWords = count >>> 5;
    if (elemSize === 4) unshuffle32x4(rows, new Uint32Array(dst.buffer, dst.byteOffset, count), rowWords);
    else if (elemSize === 2) unshuffle32x2(rows, new Uint16Array(dst.buffer, dst.byteOffset, count), rowWords);
    else unshuffle32x1(rows, dst, rowWords);
  } else if (aligned4(src, dst) && (elemSize === 1 || elemSize === 2 || elemSize === 4)) {
    const words = new Uint32Array(dst.buffer, dst.byteOffset, dst.length >>> 2);
    if (elemSize === 4) unshuffle8x4(src, words, count);
    else if (elemSize === 2) unshuffle8x2(src, words, count);
    else unshuffle8x1(src, words, count);
  } else {
    unshuffleBytes(src, dst, count, elemSize);
  }
}
