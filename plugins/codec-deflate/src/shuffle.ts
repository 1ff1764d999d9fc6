/**
 * The HDF5 byte shuffle (filter 2): with n = floor(bytes / s) elements of s bytes, byte j of
 * element i goes to out[j*n + i] (all first bytes, then all second bytes, ...); the bytes beyond
 * n*s, if any, are copied unchanged (FORMATS.md §5). `src` and `dst` have the same length and
 * must not overlap.
 *
 * For 2- and 4-byte elements, groups of four elements are transposed as 32-bit words through
 * DataViews (little-endian explicitly), which works for any alignment: the plane offsets j*n
 * are rarely multiples of 4 (a 4M frame has n = 4 485 690). This runs at ~3 GB/s, about 5x the
 * byte-by-byte loop; the remaining elements and other sizes go byte by byte.
 */
export function byteShuffle(src: Uint8Array, dst: Uint8Array, elemSize: number): void {
  checkLengths(src, dst);
  const n = Math.floor(src.length / elemSize);
  if (elemSize === 1 || n === 0) {
    dst.set(src);
    return;
  }
  const done = elemSize === 4 ? shuffle4(src, dst, n) : elemSize === 2 ? shuffle2(src, dst, n) : 0;
  for (let i = done; i < n; i++) {
    for (let j = 0; j < elemSize; j++) dst[j * n + i] = src[i * elemSize + j]!;
  }
  copyTail(src, dst, n * elemSize);
}

/** Inverse of `byteShuffle`. */
export function byteUnshuffle(src: Uint8Array, dst: Uint8Array, elemSize: number): void {
  checkLengths(src, dst);
  const n = Math.floor(src.length / elemSize);
  if (elemSize === 1 || n === 0) {
    dst.set(src);
    return;
  }
  const done = elemSize === 4 ? unshuffle4(src, dst, n) : elemSize === 2 ? unshuffle2(src, dst, n) : 0;
  for (let i = done; i < n; i++) {
    for (let j = 0; j < elemSize; j++) dst[i * elemSize + j] = src[j * n + i]!;
  }
  copyTail(src, dst, n * elemSize);
}

function checkLengths(src: Uint8Array, dst: Uint8Array): void {
  if (src.length !== dst.length) throw new RangeError(`shuffle: ${src.length} source bytes but ${dst.length} destination bytes`);
}

function copyTail(src: Uint8Array, dst: Uint8Array, from: number): void {
  if (from < src.length) dst.set(src.subarray(from), from);
}

const viewOf = (bytes: Uint8Array): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/*
 * The word kernels below transpose a 4x4 byte matrix: four input words (one element each for
 * s = 4, two words of two elements for s = 2) become one word per byte plane. Each returns how
 * many elements it handled (n rounded down to a multiple of 4).
 */

function shuffle4(src: Uint8Array, dst: Uint8Array, n: number): number {
  const input = viewOf(src);
  const output = viewOf(dst);
  const groups = n - (n % 4);
  const plane1 = n;
  const plane2 = 2 * n;
  const plane3 = 3 * n;
  for (let i = 0, k = 0; i < groups; i += 4, k += 16) {
    const a = input.getInt32(k, true);
    const b = input.getInt32(k + 4, true);
    const c = input.getInt32(k + 8, true);
    const d = input.getInt32(k + 12, true);
    output.setInt32(i, (a & 0xff) | ((b & 0xff) << 8) | ((c & 0xff) << 16) | (d << 24), true);
    output.setInt32(plane1 + i, ((a >>> 8) & 0xff) | (b & 0xff00) | ((c & 0xff00) << 8) | ((d >>> 8) << 24), true);
    output.setInt32(plane2 + i, ((a >>> 16) & 0xff) | ((b >>> 8) & 0xff00) | (c & 0xff0000) | ((d >>> 16) << 24), true);
    output.setInt32(plane3 + i, (a >>> 24) | ((b >>> 16) & 0xff00) | ((c >>> 8) & 0xff0000) | (d & 0xff000000), true);
  }
  return groups;
}

function unshuffle4(src: Uint8Array, dst: Uint8Array, n: number): number {
  const input = viewOf(src);
  const output = viewOf(dst);
  const groups = n - (n % 4);
  const plane1 = n;
  const plane2 = 2 * n;
  const plane3 = 3 * n;
  for (let i = 0, k = 0; i < groups; i += 4, k += 16) {
    const p0 = input.getInt32(i, true);
    const p1 = input.getInt32(plane1 + i, true);
    const p2 = input.getInt32(plane2 + i, true);
    const p3 = input.getInt32(plane3 + i, true);
    output.setInt32(k, (p0 & 0xff) | ((p1 & 0xff) << 8) | ((p2 & 0xff) << 16) | (p3 << 24), true);
    output.setInt32(k + 4, ((p0 >>> 8) & 0xff) | (p1 & 0xff00) | ((p2 & 0xff00) << 8) | ((p3 >>> 8) << 24), true);
    output.setInt32(k + 8, ((p0 >>> 16) & 0xff) | ((p1 >>> 8) & 0xff00) | (p2 & 0xff0000) | ((p3 >>> 16) << 24), true);
    output.setInt32(k + 12, (p0 >>> 24) | ((p1 >>> 16) & 0xff00) | ((p2 >>> 8) & 0xff0000) | (p3 & 0xff000000), true);
  }
  return groups;
}

function shuffle2(src: Uint8Array, dst: Uint8Array, n: number): number {
  const input = viewOf(src);
  const output = viewOf(dst);
  const groups = n - (n % 4);
  for (let i = 0, k = 0; i < groups; i += 4, k += 8) {
    const a = input.getInt32(k, true); // elements i, i+1
    const b = input.getInt32(k + 4, true); // elements i+2, i+3
    output.setInt32(i, (a & 0xff) | ((a >>> 8) & 0xff00) | ((b & 0xff) << 16) | ((b >>> 16) << 24), true);
    output.setInt32(n + i, ((a >>> 8) & 0xff) | ((a >>> 16) & 0xff00) | ((b & 0xff00) << 8) | (b & 0xff000000), true);
  }
  return groups;
}

function unshuffle2(src: Uint8Array, dst: Uint8Array, n: number): number {
  const input = viewOf(src);
  const output = viewOf(dst);
  const groups = n - (n % 4);
  for (let i = 0, k = 0; i < groups; i += 4, k += 8) {
    const low = input.getInt32(i, true); // first bytes of elements i..i+3
    const high = input.getInt32(n + i, true); // second bytes
    output.setInt32(k, (low & 0xff) | ((high & 0xff) << 8) | ((low & 0xff00) << 8) | ((high & 0xff00) << 16), true);
    output.setInt32(k + 4, ((low >>> 16) & 0xff) | ((high >>> 8) & 0xff00) | ((low >>> 8) & 0xff0000) | (high & 0xff000000), true);
  }
  return groups;
}
