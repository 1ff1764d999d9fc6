import {
  EMPTY_INPUT,
  LITERALS_PAST_INPUT,
  LITERALS_PAST_OUTPUT,
  MATCH_PAST_OUTPUT,
  MISSING_LAST_LITERALS,
  OFFSET_BEFORE_BLOCK_START,
  OUTPUT_SIZE_MISMATCH,
  TRUNCATED_LENGTH,
  TRUNCATED_OFFSET,
  ZERO_OFFSET,
  fail,
} from './status';

/*
 * Strict LZ4 block decoder, the same rules as src/decode.ts: every literal and match length is
 * checked against the remaining input and output before anything is copied, offsets must be
 * 1..(bytes produced), the block ends with a literal-only sequence that consumes the input
 * exactly, and the output is filled exactly. It never reads outside [src, src + srcLength) nor
 * writes outside [dst, dst + dstLength), and reports failures as a negative code (status.ts)
 * instead of trapping.
 *
 * Speed comes from "wild" copies: when 16 bytes of room remain on both sides, short literal
 * runs and matches are copied as whole 16-byte vectors (the extra bytes land inside the output
 * and are overwritten by the next sequence), which avoids a data-dependent loop.
 */

const WILD: u32 = 16;

/* Results of addExtension besides the sum (wasm functions return one value). */
let extensionIp: u32 = 0;
let extensionOk: bool = true;

/**
 * Adds the 255-continued length extension bytes at `ip` to `base`, as u64 so hostile runs of
 * 0xff cannot wrap. Sets extensionIp (the byte after the extension) and extensionOk (false when
 * the input ended inside the extension).
 */
function addExtension(src: usize, ip: u32, inEnd: u32, base: u64): u64 {
  let sum = base;
  let byte: u32;
  do {
    if (ip >= inEnd) {
      extensionIp = ip;
      extensionOk = false;
      return sum;
    }
    byte = load<u8>(src + ip);
    ip++;
    sum += byte;
  } while (byte == 255);
  extensionIp = ip;
  extensionOk = true;
  return sum;
}

/** Copies a match of `length` bytes from `offset` back; source and destination may overlap. */
// @ts-ignore: decorator
@inline
function copyMatch(to: usize, offset: u32, length: u32, room: u32): void {
  const from = to - offset;
  if (offset >= 16) {
    // Each 16-byte chunk reads bytes at least 16 behind its target, already final.
    if (room >= ((length + 15) & ~15)) {
      for (let k: u32 = 0; k < length; k += 16) v128.store(to + k, v128.load(from + k));
    } else {
      let k: u32 = 0;
      for (; k + 16 <= length; k += 16) v128.store(to + k, v128.load(from + k));
      for (; k < length; k++) store<u8>(to + k, load<u8>(from + k));
    }
  } else if (offset == 1) {
    memory.fill(to, load<u8>(from), length);
  } else if (offset >= 8) {
    let k: u32 = 0;
    for (; k + 8 <= length; k += 8) store<u64>(to + k, load<u64>(from + k));
    for (; k < length; k++) store<u8>(to + k, load<u8>(from + k));
  } else if (length <= 32) {
    for (let k: u32 = 0; k < length; k++) store<u8>(to + k, load<u8>(from + k));
  } else {
    // The output repeats with period `offset`: copy whole periods, doubling each time, so every
    // copy starts at a multiple of the period and never overlaps its own source.
    let copied: u32 = 0;
    while (copied < length) {
      const chunk = min(offset + copied, length - copied);
      memory.copy(to + copied, from, chunk);
      copied += chunk;
    }
  }
}

/**
 * Decodes the block src[0..srcLength) into exactly dstLength bytes at dst. Returns dstLength,
 * or -code with the details in status.ts.
 */
export function decodeBlock(src: usize, srcLength: u32, dst: usize, dstLength: u32): i32 {
  const inEnd = srcLength;
  const outEnd = dstLength;
  if (inEnd == 0) return fail(EMPTY_INPUT, 0, 0, 0);
  let ip: u32 = 0;
  let op: u32 = 0;
  while (true) {
    if (ip >= inEnd) return fail(MISSING_LAST_LITERALS, ip, op, 0);
    const token = <u32>load<u8>(src + ip);
    ip++;

    // ---- fast path: short literal run and short match, far from both ends. With 32 input and
    // 48 output bytes left, no length check can fail and every copy may be a fixed-size one;
    // only the offset needs checking. Everything else takes the general path below.
    if (token < 0xf0 && (token & 15) != 15 && inEnd - ip >= 32 && outEnd - op >= 48) {
      const literals = token >> 4;
      v128.store(dst + op, v128.load(src + ip));
      ip += literals;
      op += literals;
      const offset = <u32>load<u16>(src + ip);
      ip += 2;
      // offset == 0 or offset > op in one unsigned comparison.
      if (offset - 1 >= op) {
        return offset == 0 ? fail(ZERO_OFFSET, ip - 2, op, 0) : fail(OFFSET_BEFORE_BLOCK_START, ip - 2, op, offset);
      }
      const matchLength = (token & 15) + 4;
      const to = dst + op;
      const from = to - offset;
      // Each move reads bytes at least its own width behind its target, all final by then.
      // (64-bit moves: a vector load spanning two recent 64-bit stores defeats store forwarding.)
      if (offset >= 8) {
        store<u64>(to, load<u64>(from));
        store<u64>(to + 8, load<u64>(from + 8));
        store<u64>(to + 16, load<u64>(from + 16));
      } else if (offset >= 4) {
        store<u32>(to, load<u32>(from));
        store<u32>(to + 4, load<u32>(from + 4));
        store<u32>(to + 8, load<u32>(from + 8));
        store<u32>(to + 12, load<u32>(from + 12));
        store<u32>(to + 16, load<u32>(from + 16));
      } else {
        copyMatch(to, offset, matchLength, outEnd - op);
      }
      op += matchLength;
      continue;
    }

    // ---- literals
    let literals = token >> 4;
    if (literals == 15) {
      const sum = addExtension(src, ip, inEnd, 15);
      ip = extensionIp;
      if (!extensionOk) return fail(TRUNCATED_LENGTH, ip, op, 0);
      if (sum > <u64>(inEnd - ip)) return fail(LITERALS_PAST_INPUT, ip, op, <f64>sum);
      literals = <u32>sum;
    } else if (literals > inEnd - ip) {
      return fail(LITERALS_PAST_INPUT, ip, op, literals);
    }
    if (literals > outEnd - op) return fail(LITERALS_PAST_OUTPUT, ip, op, literals);
    if (inEnd - ip >= literals + WILD && outEnd - op >= literals + WILD) {
      // Whole vectors (memory.copy is a runtime call, slow for the usual short runs).
      for (let k: u32 = 0; k < literals; k += 16) v128.store(dst + op + k, v128.load(src + ip + k));
    } else {
      memory.copy(dst + op, src + ip, literals);
    }
    ip += literals;
    op += literals;

    // ---- end of block: the last sequence carries literals only
    if (ip == inEnd) {
      if (op != outEnd) return fail(OUTPUT_SIZE_MISMATCH, ip, op, op);
      return <i32>op;
    }

    // ---- match
    if (inEnd - ip < 2) return fail(TRUNCATED_OFFSET, ip, op, 0);
    const offset = <u32>load<u16>(src + ip);
    ip += 2;
    if (offset == 0) return fail(ZERO_OFFSET, ip - 2, op, 0);
    if (offset > op) return fail(OFFSET_BEFORE_BLOCK_START, ip - 2, op, offset);
    let matchLength = token & 15;
    if (matchLength == 15) {
      const sum = addExtension(src, ip, inEnd, 15 + 4);
      ip = extensionIp;
      if (!extensionOk) return fail(TRUNCATED_LENGTH, ip, op, 0);
      if (sum > <u64>(outEnd - op)) return fail(MATCH_PAST_OUTPUT, ip, op, <f64>sum);
      matchLength = <u32>sum;
    } else {
      matchLength += 4;
      if (matchLength > outEnd - op) return fail(MATCH_PAST_OUTPUT, ip, op, matchLength);
    }
    const to = dst + op;
    const room = outEnd - op;
    if (matchLength <= WILD && offset >= 4 && room >= WILD) {
      // Each move reads bytes at least its own width behind its target, all final by then.
      const from = to - offset;
      if (offset >= 16) {
        v128.store(to, v128.load(from));
      } else if (offset >= 8) {
        store<u64>(to, load<u64>(from));
        store<u64>(to + 8, load<u64>(from + 8));
      } else {
        store<u32>(to, load<u32>(from));
        store<u32>(to + 4, load<u32>(from + 4));
        store<u32>(to + 8, load<u32>(from + 8));
        store<u32>(to + 12, load<u32>(from + 12));
      }
    } else {
      copyMatch(to, offset, matchLength, room);
    }
    op += matchLength;
  }
  return 0;
}
