/*
 * Bit transposition of one bitshuffle block (FORMATS.md §2.1) with WebAssembly SIMD.
 * `count` elements of `elemSize` bytes become 8 * elemSize rows of count / 8 bytes: bit k of
 * byte j of element i goes to row 8j + k, byte i / 8, bit i % 8.
 *
 * The main loop takes 64 elements at a time:
 *  1. their bytes are regrouped into byte planes, one vector per plane and 16 elements
 *     ("plane vector": byte j of 16 elements, as two 8-byte halves);
 *  2. each 8-byte half is an 8 x 8 bit matrix (byte t = element t) that three mask-and-shift
 *     steps on 64-bit lanes transpose, so that byte k becomes row 8j + k;
 *  3. an 8 x 8 byte transpose gathers, for each of the plane's 8 rows, the 8 bytes of the 64
 *     elements, stored as one 64-bit word per row.
 * Planes that are zero for all 64 elements (the high bytes of detector counts, most of the
 * time) skip steps 2 and 3. The inverse runs the same steps backwards (both transposes are
 * their own inverse). Leftover groups of 16 elements use steps 1-2 with 2-byte row stores, a
 * last group of 8 and element sizes other than 1, 2, 4 use the bit transpose on one 64-bit
 * word at a time.
 */

// ------------------------------------------------------------------------------------ helpers

// @ts-ignore: decorator
@inline
function transpose8x8(x: v128): v128 {
  let t = v128.and(v128.xor(x, i64x2.shr_u(x, 7)), i64x2.splat(0x00aa00aa00aa00aa));
  x = v128.xor(x, v128.xor(t, i64x2.shl(t, 7)));
  t = v128.and(v128.xor(x, i64x2.shr_u(x, 14)), i64x2.splat(0x0000cccc0000cccc));
  x = v128.xor(x, v128.xor(t, i64x2.shl(t, 14)));
  t = v128.and(v128.xor(x, i64x2.shr_u(x, 28)), i64x2.splat(0x00000000f0f0f0f0));
  return v128.xor(x, v128.xor(t, i64x2.shl(t, 28)));
}

// @ts-ignore: decorator
@inline
function transpose8x8Scalar(x: u64): u64 {
  let t = (x ^ (x >> 7)) & 0x00aa00aa00aa00aa;
  x = x ^ t ^ (t << 7);
  t = (x ^ (x >> 14)) & 0x0000cccc0000cccc;
  x = x ^ t ^ (t << 14);
  t = (x ^ (x >> 28)) & 0x00000000f0f0f0f0;
  return x ^ t ^ (t << 28);
}

// @ts-ignore: decorator
@inline
function lo16(a: v128, b: v128): v128 {
  return v128.shuffle<u16>(a, b, 0, 8, 1, 9, 2, 10, 3, 11);
}
// @ts-ignore: decorator
@inline
function hi16(a: v128, b: v128): v128 {
  return v128.shuffle<u16>(a, b, 4, 12, 5, 13, 6, 14, 7, 15);
}
// @ts-ignore: decorator
@inline
function lo32(a: v128, b: v128): v128 {
  return v128.shuffle<u32>(a, b, 0, 4, 1, 5);
}
// @ts-ignore: decorator
@inline
function hi32(a: v128, b: v128): v128 {
  return v128.shuffle<u32>(a, b, 2, 6, 3, 7);
}
// @ts-ignore: decorator
@inline
function lo64(a: v128, b: v128): v128 {
  return v128.shuffle<u64>(a, b, 0, 2);
}
// @ts-ignore: decorator
@inline
function hi64(a: v128, b: v128): v128 {
  return v128.shuffle<u64>(a, b, 1, 3);
}

/** 4 x 4 byte transpose inside a vector: 4 elements of 4 bytes <-> 4 planes of 4 bytes (an involution). */
// @ts-ignore: decorator
@inline
function planes4(v: v128): v128 {
  return v128.swizzle(v, v128(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15));
}

/** 8 elements of 2 bytes -> [byte 0 of the 8 | byte 1 of the 8]. */
// @ts-ignore: decorator
@inline
function planes2(v: v128): v128 {
  return v128.swizzle(v, v128(0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15));
}

/** Inverse of planes2. */
// @ts-ignore: decorator
@inline
function elements2(v: v128): v128 {
  return v128.swizzle(v, v128(0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15));
}

/*
 * Plane j of 16 four-byte elements held in a, b, c, d after planes4 (lane j of each vector).
 * `j` must be a compile-time constant (it selects the shuffle).
 */
// @ts-ignore: decorator
@inline
function plane4of(a: v128, b: v128, c: v128, d: v128, j: i32): v128 {
  if (j == 0) return lo64(lo32(a, b), lo32(c, d));
  if (j == 1) return hi64(lo32(a, b), lo32(c, d));
  if (j == 2) return lo64(hi32(a, b), hi32(c, d));
  return hi64(hi32(a, b), hi32(c, d));
}

/**
 * Steps 2 and 3 for one plane of 64 elements (plane vectors p0..p3 for elements 0-15, ..., 48-63):
 * writes 8 bytes into each of the plane's 8 rows at `at`, `at + rowBytes`, ...
 */
// @ts-ignore: decorator
@inline
function storePlane64(p0: v128, p1: v128, p2: v128, p3: v128, at: usize, rowBytes: usize): void {
  if (!v128.any_true(v128.or(v128.or(p0, p1), v128.or(p2, p3)))) {
    for (let k: usize = 0; k < 8; k++) store<u64>(at + k * rowBytes, 0);
    return;
  }
  // After the bit transpose, byte k of each half is row k of one 8-element column; the byte
  // transpose below turns [col 2q | col 2q+1] pairs into [row 2m | row 2m+1] pairs.
  const w0 = elements2(transpose8x8(p0));
  const w1 = elements2(transpose8x8(p1));
  const w2 = elements2(transpose8x8(p2));
  const w3 = elements2(transpose8x8(p3));
  const y0 = lo16(w0, w1);
  const y1 = hi16(w0, w1);
  const y2 = lo16(w2, w3);
  const y3 = hi16(w2, w3);
  const r01 = lo32(y0, y2);
  const r23 = hi32(y0, y2);
  const r45 = lo32(y1, y3);
  const r67 = hi32(y1, y3);
  v128.store64_lane(at, r01, 0);
  v128.store64_lane(at + rowBytes, r01, 1);
  v128.store64_lane(at + 2 * rowBytes, r23, 0);
  v128.store64_lane(at + 3 * rowBytes, r23, 1);
  v128.store64_lane(at + 4 * rowBytes, r45, 0);
  v128.store64_lane(at + 5 * rowBytes, r45, 1);
  v128.store64_lane(at + 6 * rowBytes, r67, 0);
  v128.store64_lane(at + 7 * rowBytes, r67, 1);
}

/* Results of loadPlane64 (wasm functions return one value; these stay in registers once inlined). */
let q0: v128 = v128.splat<i32>(0);
let q1: v128 = v128.splat<i32>(0);
let q2: v128 = v128.splat<i32>(0);
let q3: v128 = v128.splat<i32>(0);

/** Inverse of storePlane64: reads 8 bytes from each of 8 rows into the plane vectors q0..q3. */
// @ts-ignore: decorator
@inline
function loadPlane64(at: usize, rowBytes: usize): void {
  const r01 = v128.load64_lane(at + rowBytes, v128.load64_zero(at), 1);
  const r23 = v128.load64_lane(at + 3 * rowBytes, v128.load64_zero(at + 2 * rowBytes), 1);
  const r45 = v128.load64_lane(at + 5 * rowBytes, v128.load64_zero(at + 4 * rowBytes), 1);
  const r67 = v128.load64_lane(at + 7 * rowBytes, v128.load64_zero(at + 6 * rowBytes), 1);
  if (!v128.any_true(v128.or(v128.or(r01, r23), v128.or(r45, r67)))) {
    q0 = r01;
    q1 = r01;
    q2 = r01;
    q3 = r01;
    return;
  }
  // The byte transpose of storePlane64 is its own inverse: [row 2m | row 2m+1] pairs become
  // [col 2q | col 2q+1] pairs, each half an 8 x 8 bit matrix with byte k = row k.
  const w0 = elements2(r01);
  const w1 = elements2(r23);
  const w2 = elements2(r45);
  const w3 = elements2(r67);
  const y0 = lo16(w0, w1);
  const y1 = hi16(w0, w1);
  const y2 = lo16(w2, w3);
  const y3 = hi16(w2, w3);
  q0 = transpose8x8(lo32(y0, y2));
  q1 = transpose8x8(hi32(y0, y2));
  q2 = transpose8x8(lo32(y1, y3));
  q3 = transpose8x8(hi32(y1, y3));
}

/** Step 2 for one plane of 16 elements: 2 bytes into each of 8 rows. */
// @ts-ignore: decorator
@inline
function storePlane16(plane: v128, at: usize, rowBytes: usize): void {
  const rows = elements2(transpose8x8(plane));
  v128.store16_lane(at, rows, 0);
  v128.store16_lane(at + rowBytes, rows, 1);
  v128.store16_lane(at + 2 * rowBytes, rows, 2);
  v128.store16_lane(at + 3 * rowBytes, rows, 3);
  v128.store16_lane(at + 4 * rowBytes, rows, 4);
  v128.store16_lane(at + 5 * rowBytes, rows, 5);
  v128.store16_lane(at + 6 * rowBytes, rows, 6);
  v128.store16_lane(at + 7 * rowBytes, rows, 7);
}

/** Inverse of storePlane16. */
// @ts-ignore: decorator
@inline
function loadPlane16(at: usize, rowBytes: usize): v128 {
  let rows = v128.splat<i32>(0);
  rows = v128.load16_lane(at, rows, 0);
  rows = v128.load16_lane(at + rowBytes, rows, 1);
  rows = v128.load16_lane(at + 2 * rowBytes, rows, 2);
  rows = v128.load16_lane(at + 3 * rowBytes, rows, 3);
  rows = v128.load16_lane(at + 4 * rowBytes, rows, 4);
  rows = v128.load16_lane(at + 5 * rowBytes, rows, 5);
  rows = v128.load16_lane(at + 6 * rowBytes, rows, 6);
  rows = v128.load16_lane(at + 7 * rowBytes, rows, 7);
  return transpose8x8(planes2(rows));
}

/** Group `g` of 8 elements, one 64-bit word per byte plane (tail groups, other element sizes). */
function shuffleGroup(src: usize, dst: usize, g: usize, elemSize: usize, rowBytes: usize): void {
  const first = src + 8 * g * elemSize;
  for (let j: usize = 0; j < elemSize; j++) {
    let x: u64 = 0;
    for (let t: usize = 0; t < 8; t++) x |= (<u64>load<u8>(first + t * elemSize + j)) << (8 * t);
    x = transpose8x8Scalar(x);
    const at = dst + 8 * j * rowBytes + g;
    for (let k: usize = 0; k < 8; k++) store<u8>(at + k * rowBytes, <u8>(x >> (8 * k)));
  }
}

function unshuffleGroup(src: usize, dst: usize, g: usize, elemSize: usize, rowBytes: usize): void {
  const first = dst + 8 * g * elemSize;
  for (let j: usize = 0; j < elemSize; j++) {
    const at = src + 8 * j * rowBytes + g;
    let x: u64 = 0;
    for (let k: usize = 0; k < 8; k++) x |= (<u64>load<u8>(at + k * rowBytes)) << (8 * k);
    x = transpose8x8Scalar(x);
    for (let t: usize = 0; t < 8; t++) store<u8>(first + t * elemSize + j, <u8>(x >> (8 * t)));
  }
}

// ------------------------------------------------------------------------------------ forward

function shuffle4(src: usize, dst: usize, count: usize): void {
  const rowBytes = count >> 3;
  const stride = 8 * rowBytes;
  const blocks64 = count >> 6;
  for (let g: usize = 0; g < blocks64; g++) {
    const from = src + 256 * g;
    const at = dst + 8 * g;
    const a0 = planes4(v128.load(from));
    const b0 = planes4(v128.load(from, 16));
    const c0 = planes4(v128.load(from, 32));
    const d0 = planes4(v128.load(from, 48));
    const a1 = planes4(v128.load(from, 64));
    const b1 = planes4(v128.load(from, 80));
    const c1 = planes4(v128.load(from, 96));
    const d1 = planes4(v128.load(from, 112));
    const a2 = planes4(v128.load(from, 128));
    const b2 = planes4(v128.load(from, 144));
    const c2 = planes4(v128.load(from, 160));
    const d2 = planes4(v128.load(from, 176));
    const a3 = planes4(v128.load(from, 192));
    const b3 = planes4(v128.load(from, 208));
    const c3 = planes4(v128.load(from, 224));
    const d3 = planes4(v128.load(from, 240));
    storePlane64(plane4of(a0, b0, c0, d0, 0), plane4of(a1, b1, c1, d1, 0), plane4of(a2, b2, c2, d2, 0), plane4of(a3, b3, c3, d3, 0), at, rowBytes);
    storePlane64(plane4of(a0, b0, c0, d0, 1), plane4of(a1, b1, c1, d1, 1), plane4of(a2, b2, c2, d2, 1), plane4of(a3, b3, c3, d3, 1), at + stride, rowBytes);
    storePlane64(plane4of(a0, b0, c0, d0, 2), plane4of(a1, b1, c1, d1, 2), plane4of(a2, b2, c2, d2, 2), plane4of(a3, b3, c3, d3, 2), at + 2 * stride, rowBytes);
    storePlane64(plane4of(a0, b0, c0, d0, 3), plane4of(a1, b1, c1, d1, 3), plane4of(a2, b2, c2, d2, 3), plane4of(a3, b3, c3, d3, 3), at + 3 * stride, rowBytes);
  }
  const pairs = count >> 4;
  for (let p: usize = blocks64 << 2; p < pairs; p++) {
    const from = src + 64 * p;
    const at = dst + 2 * p;
    const a = planes4(v128.load(from));
    const b = planes4(v128.load(from, 16));
    const c = planes4(v128.load(from, 32));
    const d = planes4(v128.load(from, 48));
    storePlane16(plane4of(a, b, c, d, 0), at, rowBytes);
    storePlane16(plane4of(a, b, c, d, 1), at + stride, rowBytes);
    storePlane16(plane4of(a, b, c, d, 2), at + 2 * stride, rowBytes);
    storePlane16(plane4of(a, b, c, d, 3), at + 3 * stride, rowBytes);
  }
  for (let g: usize = pairs << 1; g < rowBytes; g++) shuffleGroup(src, dst, g, 4, rowBytes);
}

function shuffle2(src: usize, dst: usize, count: usize): void {
  const rowBytes = count >> 3;
  const stride = 8 * rowBytes;
  const blocks64 = count >> 6;
  for (let g: usize = 0; g < blocks64; g++) {
    const from = src + 128 * g;
    const at = dst + 8 * g;
    const a0 = planes2(v128.load(from));
    const b0 = planes2(v128.load(from, 16));
    const a1 = planes2(v128.load(from, 32));
    const b1 = planes2(v128.load(from, 48));
    const a2 = planes2(v128.load(from, 64));
    const b2 = planes2(v128.load(from, 80));
    const a3 = planes2(v128.load(from, 96));
    const b3 = planes2(v128.load(from, 112));
    storePlane64(lo64(a0, b0), lo64(a1, b1), lo64(a2, b2), lo64(a3, b3), at, rowBytes);
    storePlane64(hi64(a0, b0), hi64(a1, b1), hi64(a2, b2), hi64(a3, b3), at + stride, rowBytes);
  }
  const pairs = count >> 4;
  for (let p: usize = blocks64 << 2; p < pairs; p++) {
    const a = planes2(v128.load(src + 32 * p));
    const b = planes2(v128.load(src + 32 * p, 16));
    storePlane16(lo64(a, b), dst + 2 * p, rowBytes);
    storePlane16(hi64(a, b), dst + 2 * p + stride, rowBytes);
  }
  for (let g: usize = pairs << 1; g < rowBytes; g++) shuffleGroup(src, dst, g, 2, rowBytes);
}

function shuffle1(src: usize, dst: usize, count: usize): void {
  const rowBytes = count >> 3;
  const blocks64 = count >> 6;
  for (let g: usize = 0; g < blocks64; g++) {
    const from = src + 64 * g;
    storePlane64(v128.load(from), v128.load(from, 16), v128.load(from, 32), v128.load(from, 48), dst + 8 * g, rowBytes);
  }
  const pairs = count >> 4;
  for (let p: usize = blocks64 << 2; p < pairs; p++) storePlane16(v128.load(src + 16 * p), dst + 2 * p, rowBytes);
  for (let g: usize = pairs << 1; g < rowBytes; g++) shuffleGroup(src, dst, g, 1, rowBytes);
}

/** Bit-transposes `count` elements (a multiple of 8) of `elemSize` bytes from src to dst. */
export function bitshuffle(src: usize, dst: usize, count: usize, elemSize: usize): void {
  if (elemSize == 4) shuffle4(src, dst, count);
  else if (elemSize == 2) shuffle2(src, dst, count);
  else if (elemSize == 1) shuffle1(src, dst, count);
  else {
    const rowBytes = count >> 3;
    for (let g: usize = 0; g < rowBytes; g++) shuffleGroup(src, dst, g, elemSize, rowBytes);
  }
}

// ------------------------------------------------------------------------------------ inverse

/** Writes 16 four-byte elements from their plane vectors (inverse of planes4 + plane4of). */
// @ts-ignore: decorator
@inline
function storeElements4(p0: v128, p1: v128, p2: v128, p3: v128, to: usize): void {
  const t0 = lo32(p0, p1);
  const t1 = lo32(p2, p3);
  const t2 = hi32(p0, p1);
  const t3 = hi32(p2, p3);
  v128.store(to, planes4(lo64(t0, t1)));
  v128.store(to, planes4(hi64(t0, t1)), 16);
  v128.store(to, planes4(lo64(t2, t3)), 32);
  v128.store(to, planes4(hi64(t2, t3)), 48);
}

function unshuffle4(src: usize, dst: usize, count: usize): void {
  const rowBytes = count >> 3;
  const stride = 8 * rowBytes;
  const blocks64 = count >> 6;
  for (let g: usize = 0; g < blocks64; g++) {
    const at = src + 8 * g;
    const to = dst + 256 * g;
    loadPlane64(at, rowBytes);
    const e0 = q0;
    const e1 = q1;
    const e2 = q2;
    const e3 = q3;
    loadPlane64(at + stride, rowBytes);
    const f0 = q0;
    const f1 = q1;
    const f2 = q2;
    const f3 = q3;
    loadPlane64(at + 2 * stride, rowBytes);
    const g0 = q0;
    const g1 = q1;
    const g2 = q2;
    const g3 = q3;
    loadPlane64(at + 3 * stride, rowBytes);
    storeElements4(e0, f0, g0, q0, to);
    storeElements4(e1, f1, g1, q1, to + 64);
    storeElements4(e2, f2, g2, q2, to + 128);
    storeElements4(e3, f3, g3, q3, to + 192);
  }
  const pairs = count >> 4;
  for (let p: usize = blocks64 << 2; p < pairs; p++) {
    const at = src + 2 * p;
    storeElements4(
      loadPlane16(at, rowBytes),
      loadPlane16(at + stride, rowBytes),
      loadPlane16(at + 2 * stride, rowBytes),
      loadPlane16(at + 3 * stride, rowBytes),
      dst + 64 * p,
    );
  }
  for (let g: usize = pairs << 1; g < rowBytes; g++) unshuffleGroup(src, dst, g, 4, rowBytes);
}

function unshuffle2(src: usize, dst: usize, count: usize): void {
  const rowBytes = count >> 3;
  const stride = 8 * rowBytes;
  const blocks64 = count >> 6;
  for (let g: usize = 0; g < blocks64; g++) {
    const at = src + 8 * g;
    const to = dst + 128 * g;
    loadPlane64(at, rowBytes);
    const e0 = q0;
    const e1 = q1;
    const e2 = q2;
    const e3 = q3;
    loadPlane64(at + stride, rowBytes);
    v128.store(to, elements2(lo64(e0, q0)));
    v128.store(to, elements2(hi64(e0, q0)), 16);
    v128.store(to, elements2(lo64(e1, q1)), 32);
    v128.store(to, elements2(hi64(e1, q1)), 48);
    v128.store(to, elements2(lo64(e2, q2)), 64);
    v128.store(to, elements2(hi64(e2, q2)), 80);
    v128.store(to, elements2(lo64(e3, q3)), 96);
    v128.store(to, elements2(hi64(e3, q3)), 112);
  }
  const pairs = count >> 4;
  for (let p: usize = blocks64 << 2; p < pairs; p++) {
    const low = loadPlane16(src + 2 * p, rowBytes);
    const high = loadPlane16(src + 2 * p + stride, rowBytes);
    v128.store(dst + 32 * p, elements2(lo64(low, high)));
    v128.store(dst + 32 * p, elements2(hi64(low, high)), 16);
  }
  for (let g: usize = pairs << 1; g < rowBytes; g++) unshuffleGroup(src, dst, g, 2, rowBytes);
}

function unshuffle1(src: usize, dst: usize, count: usize): void {
  const rowBytes = count >> 3;
  const blocks64 = count >> 6;
  for (let g: usize = 0; g < blocks64; g++) {
    loadPlane64(src + 8 * g, rowBytes);
    const to = dst + 64 * g;
    v128.store(to, q0);
    v128.store(to, q1, 16);
    v128.store(to, q2, 32);
    v128.store(to, q3, 48);
  }
  const pairs = count >> 4;
  for (let p: usize = blocks64 << 2; p < pairs; p++) v128.store(dst + 16 * p, loadPlane16(src + 2 * p, rowBytes));
  for (let g: usize = pairs << 1; g < rowBytes; g++) unshuffleGroup(src, dst, g, 1, rowBytes);
}

/** Inverse of bitshuffle. */
export function bitunshuffle(src: usize, dst: usize, count: usize, elemSize: usize): void {
  if (elemSize == 4) unshuffle4(src, dst, count);
  else if (elemSize == 2) unshuffle2(src, dst, count);
  else if (elemSize == 1) unshuffle1(src, dst, count);
  else {
    const rowBytes = count >> 3;
    for (let g: usize = 0; g < rowBytes; g++) unshuffleGroup(src, dst, g, elemSize, rowBytes);
  }
}
