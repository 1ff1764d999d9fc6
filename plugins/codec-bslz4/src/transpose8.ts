/*
 * Bitshuffle of 8 elements at a time (FORMATS.md §2.1): for each byte plane j, the 8 x 8 bit
 * matrix whose byte t is byte j of element t (two 32-bit words: bytes 0..3 in `lo`, 4..7 in `hi`)
 * is transposed with three mask-and-shift steps. Byte k of the result holds bit k of the 8
 * elements (bit t from element t): column `group` of output row 8j + k. The transpose is its own
 * inverse, so unshuffling runs the same steps on bytes gathered from the rows.
 *
 * Used for blocks whose element count is not a multiple of 32 and for unaligned buffers;
 * transpose32.ts handles the common case faster. The `8xN` kernels read/write 32-bit element
 * words (4-byte aligned, little-endian host); the `Bytes` kernels work for any element size.
 */

// ------------------------------------------------------------------------------ forward kernels

/** Transposes the 8x8 matrix (lo, hi) and writes its 8 bytes down rows at `at`, `at + rowBytes`, ... */
function transposeOut(lo: number, hi: number, dst: Uint8Array, at: number, rowBytes: number): void {
  if ((lo | hi) === 0) {
    for (let k = 0; k < 8; k++) dst[at + k * rowBytes] = 0;
    return;
  }
  let t = (lo ^ (lo >>> 7)) & 0x00aa00aa;
  lo ^= t ^ (t << 7);
  t = (hi ^ (hi >>> 7)) & 0x00aa00aa;
  hi ^= t ^ (t << 7);
  t = (lo ^ (lo >>> 14)) & 0x0000cccc;
  lo ^= t ^ (t << 14);
  t = (hi ^ (hi >>> 14)) & 0x0000cccc;
  hi ^= t ^ (t << 14);
  t = (lo ^ (hi << 4)) & 0xf0f0f0f0;
  lo ^= t;
  hi ^= t >>> 4;
  dst[at] = lo;
  dst[at + rowBytes] = lo >>> 8;
  dst[at + 2 * rowBytes] = lo >>> 16;
  dst[at + 3 * rowBytes] = lo >>> 24;
  dst[at + 4 * rowBytes] = hi;
  dst[at + 5 * rowBytes] = hi >>> 8;
  dst[at + 6 * rowBytes] = hi >>> 16;
  dst[at + 7 * rowBytes] = hi >>> 24;
}

export function shuffle8x1(words: Uint32Array, dst: Uint8Array, count: number): void {
  const rowBytes = count >>> 3;
  for (let g = 0; g < rowBytes; g++) {
    transposeOut(words[2 * g]!, words[2 * g + 1]!, dst, g, rowBytes);
  }
}

export function shuffle8x2(words: Uint32Array, dst: Uint8Array, count: number): void {
  const rowBytes = count >>> 3;
  const plane1 = 8 * rowBytes;
  for (let g = 0; g < rowBytes; g++) {
    const w = 4 * g;
    // Each word holds two elements [e0 low, e0 high, e1 low, e1 high]; swap the middle bytes
    // to [e0 low, e1 low, e0 high, e1 high] so the planes can be assembled with halves.
    let a = words[w]!;
    let b = words[w + 1]!;
    let c = words[w + 2]!;
    let d = words[w + 3]!;
    let t = (a ^ (a >>> 8)) & 0x0000ff00;
    a ^= t ^ (t << 8);
    t = (b ^ (b >>> 8)) & 0x0000ff00;
    b ^= t ^ (t << 8);
    t = (c ^ (c >>> 8)) & 0x0000ff00;
    c ^= t ^ (t << 8);
    t = (d ^ (d >>> 8)) & 0x0000ff00;
    d ^= t ^ (t << 8);
    transposeOut((a & 0xffff) | (b << 16), (c & 0xffff) | (d << 16), dst, g, rowBytes);
    transposeOut((a >>> 16) | (b & 0xffff0000), (c >>> 16) | (d & 0xffff0000), dst, plane1 + g, rowBytes);
  }
}

export function shuffle8x4(words: Uint32Array, dst: Uint8Array, count: number): void {
  const rowBytes = count >>> 3;
  const planeStride = 8 * rowBytes;
  for (let g = 0; g < rowBytes; g++) {
    const w = 8 * g;
    let a = words[w]!;
    let b = words[w + 1]!;
    let c = words[w + 2]!;
    let d = words[w + 3]!;
    let e = words[w + 4]!;
    let f = words[w + 5]!;
    let h = words[w + 6]!;
    let k = words[w + 7]!;
    if ((a | b | c | d | e | f | h | k) === 0) {
      for (let r = 0; r < 32; r++) dst[g + r * rowBytes] = 0;
      continue;
    }
    // 4x4 byte transposes: afterwards word j of each quad holds byte plane j of its 4 elements.
    let t = ((a >>> 8) ^ b) & 0x00ff00ff;
    b ^= t;
    a ^= t << 8;
    t = ((c >>> 8) ^ d) & 0x00ff00ff;
    d ^= t;
    c ^= t << 8;
    t = ((a >>> 16) ^ c) & 0x0000ffff;
    c ^= t;
    a ^= t << 16;
    t = ((b >>> 16) ^ d) & 0x0000ffff;
    d ^= t;
    b ^= t << 16;
    t = ((e >>> 8) ^ f) & 0x00ff00ff;
    f ^= t;
    e ^= t << 8;
    t = ((h >>> 8) ^ k) & 0x00ff00ff;
    k ^= t;
    h ^= t << 8;
    t = ((e >>> 16) ^ h) & 0x0000ffff;
    h ^= t;
    e ^= t << 16;
    t = ((f >>> 16) ^ k) & 0x0000ffff;
    k ^= t;
    f ^= t << 16;
    transposeOut(a, e, dst, g, rowBytes);
    transposeOut(b, f, dst, planeStride + g, rowBytes);
    transposeOut(c, h, dst, 2 * planeStride + g, rowBytes);
    transposeOut(d, k, dst, 3 * planeStride + g, rowBytes);
  }
}

export function shuffleBytes(src: Uint8Array, dst: Uint8Array, count: number, elemSize: number): void {
  const rowBytes = count >>> 3;
  const planeStride = 8 * rowBytes;
  for (let g = 0; g < rowBytes; g++) {
    const first = 8 * g * elemSize;
    for (let j = 0; j < elemSize; j++) {
      const at = first + j;
      const lo =
        src[at]! | (src[at + elemSize]! << 8) | (src[at + 2 * elemSize]! << 16) | (src[at + 3 * elemSize]! << 24);
      const hi =
        src[at + 4 * elemSize]! |
        (src[at + 5 * elemSize]! << 8) |
        (src[at + 6 * elemSize]! << 16) |
        (src[at + 7 * elemSize]! << 24);
      transposeOut(lo, hi, dst, j * planeStride + g, rowBytes);
    }
  }
}

// ------------------------------------------------------------------------------ inverse kernels

/*
 * Scratch for one transposed 8x8 matrix: the inverse kernels read two words back after
 * transposeIn. Module-level so the hot loop allocates nothing; it carries no state between calls.
 */
const matrix = new Int32Array(2);

/** Gathers column `at` of 8 rows (stride rowBytes) into a matrix, transposes it into `matrix`. */
function transposeIn(src: Uint8Array, at: number, rowBytes: number): boolean {
  let lo =
    src[at]! | (src[at + rowBytes]! << 8) | (src[at + 2 * rowBytes]! << 16) | (src[at + 3 * rowBytes]! << 24);
  let hi =
    src[at + 4 * rowBytes]! |
    (src[at + 5 * rowBytes]! << 8) |
    (src[at + 6 * rowBytes]! << 16) |
    (src[at + 7 * rowBytes]! << 24);
  if ((lo | hi) === 0) {
    matrix[0] = 0;
    matrix[1] = 0;
    return false;
  }
  let t = (lo ^ (lo >>> 7)) & 0x00aa00aa;
  lo ^= t ^ (t << 7);
  t = (hi ^ (hi >>> 7)) & 0x00aa00aa;
  hi ^= t ^ (t << 7);
  t = (lo ^ (lo >>> 14)) & 0x0000cccc;
  lo ^= t ^ (t << 14);
  t = (hi ^ (hi >>> 14)) & 0x0000cccc;
  hi ^= t ^ (t << 14);
  t = (lo ^ (hi << 4)) & 0xf0f0f0f0;
  lo ^= t;
  hi ^= t >>> 4;
  matrix[0] = lo;
  matrix[1] = hi;
  return true;
}

export function unshuffle8x1(src: Uint8Array, words: Uint32Array, count: number): void {
  const rowBytes = count >>> 3;
  for (let g = 0; g < rowBytes; g++) {
    transposeIn(src, g, rowBytes);
    words[2 * g] = matrix[0]!;
    words[2 * g + 1] = matrix[1]!;
  }
}

export function unshuffle8x2(src: Uint8Array, words: Uint32Array, count: number): void {
  const rowBytes = count >>> 3;
  const plane1 = 8 * rowBytes;
  for (let g = 0; g < rowBytes; g++) {
    transposeIn(src, g, rowBytes);
    const lo0 = matrix[0]!;
    const hi0 = matrix[1]!;
    transposeIn(src, plane1 + g, rowBytes);
    const lo1 = matrix[0]!;
    const hi1 = matrix[1]!;
    // Interleave low/high planes back into [e low, e high] pairs (inverse of shuffle2).
    let a = (lo0 & 0xffff) | (lo1 << 16);
    let b = (lo0 >>> 16) | (lo1 & 0xffff0000);
    let c = (hi0 & 0xffff) | (hi1 << 16);
    let d = (hi0 >>> 16) | (hi1 & 0xffff0000);
    let t = (a ^ (a >>> 8)) & 0x0000ff00;
    a ^= t ^ (t << 8);
    t = (b ^ (b >>> 8)) & 0x0000ff00;
    b ^= t ^ (t << 8);
    t = (c ^ (c >>> 8)) & 0x0000ff00;
    c ^= t ^ (t << 8);
    t = (d ^ (d >>> 8)) & 0x0000ff00;
    d ^= t ^ (t << 8);
    const w = 4 * g;
    words[w] = a;
    words[w + 1] = b;
    words[w + 2] = c;
    words[w + 3] = d;
  }
}

export function unshuffle8x4(src: Uint8Array, words: Uint32Array, count: number): void {
  const rowBytes = count >>> 3;
  const planeStride = 8 * rowBytes;
  for (let g = 0; g < rowBytes; g++) {
    let any = transposeIn(src, g, rowBytes);
    let a = matrix[0]!;
    let e = matrix[1]!;
    any = transposeIn(src, planeStride + g, rowBytes) || any;
    let b = matrix[0]!;
    let f = matrix[1]!;
    any = transposeIn(src, 2 * planeStride + g, rowBytes) || any;
    let c = matrix[0]!;
    let h = matrix[1]!;
    any = transposeIn(src, 3 * planeStride + g, rowBytes) || any;
    let d = matrix[0]!;
    let k = matrix[1]!;
    const w = 8 * g;
    if (!any) {
      for (let r = 0; r < 8; r++) words[w + r] = 0;
      continue;
    }
    // The 4x4 byte transpose is an involution: the forward steps turn planes back into elements.
    let t = ((a >>> 8) ^ b) & 0x00ff00ff;
    b ^= t;
    a ^= t << 8;
    t = ((c >>> 8) ^ d) & 0x00ff00ff;
    d ^= t;
    c ^= t << 8;
    t = ((a >>> 16) ^ c) & 0x0000ffff;
    c ^= t;
    a ^= t << 16;
    t = ((b >>> 16) ^ d) & 0x0000ffff;
    d ^= t;
    b ^= t << 16;
    t = ((e >>> 8) ^ f) & 0x00ff00ff;
    f ^= t;
    e ^= t << 8;
    t = ((h >>> 8) ^ k) & 0x00ff00ff;
    k ^= t;
    h ^= t << 8;
    t = ((e >>> 16) ^ h) & 0x0000ffff;
    h ^= t;
    e ^= t << 16;
    t = ((f >>> 16) ^ k) & 0x0000ffff;
    k ^= t;
    f ^= t << 16;
    words[w] = a;
    words[w + 1] = b;
    words[w + 2] = c;
    words[w + 3] = d;
    words[w + 4] = e;
    words[w + 5] = f;
    words[w + 6] = h;
    words[w + 7] = k;
  }
}

export function unshuffleBytes(src: Uint8Array, dst: Uint8Array, count: number, elemSize: number): void {
  const rowBytes = count >>> 3;
  const planeStride = 8 * rowBytes;
  for (let g = 0; g < rowBytes; g++) {
    const first = 8 * g * elemSize;
    for (let j = 0; j < elemSize; j++) {
      transposeIn(src, j * planeStride + g, rowBytes);
      const lo = matrix[0]!;
      const hi = matrix[1]!;
      const at = first + j;
      dst[at] = lo;
      dst[at + elemSize] = lo >>> 8;
      dst[at + 2 * elemSize] = lo >>> 16;
      dst[at + 3 * elemSize] = lo >>> 24;
      dst[at + 4 * elemSize] = hi;
      dst[at + 5 * elemSize] = hi >>> 8;
      dst[at + 6 * elemSize] = hi >>> 16;
      dst[at + 7 * elemSize] = hi >>> 24;
    }
  }
}
