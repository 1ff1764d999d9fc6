import {
  LAST_LITERALS,
  MATCH_START_MARGIN,
  MAX_OFFSET,
  MIN_COMPRESSIBLE_LENGTH,
  MIN_MATCH,
  lz4CompressBound,
} from './limits.js';

/*
 * Greedy single-probe matcher in the spirit of LZ4's "fast" mode (acceleration 1): one hash
 * table entry per 5-byte hash, no chains, a search step that grows while no match is found
 * (so incompressible input is skipped quickly).
 */

const HASH_LOG = 13;
const HASH_SHIFT = 32 - HASH_LOG;
/** Knuth's multiplicative constant 2654435761 as a signed 32-bit value for Math.imul. */
const HASH_MULTIPLIER = -1_640_531_535;
/** A second odd constant to fold the fifth byte into the hash. */
const HASH_MULTIPLIER_5 = 0x5bd1e995;
/** After 2^SKIP_TRIGGER failed probes the step grows by one byte. */
const SKIP_TRIGGER = 6;

/*
 * The table is shared by all calls to avoid allocating and clearing it per block (blocks are
 * often only 8 KiB). Entries hold `position + generation`; a call only trusts entries at or
 * above its own generation, and the next call starts above everything this call stored, so
 * stale entries are ignored without clearing and the output depends on the input alone.
 */
const hashTable = new Int32Array(1 << HASH_LOG);
let generation = 1;
const GENERATION_LIMIT = 0x7fff_ffff;

/* DataView over the last source buffer seen: reused while callers keep passing views of it. */
let viewBuffer: ArrayBufferLike | null = null;
let view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

function viewOf(buffer: ArrayBufferLike): DataView<ArrayBufferLike> {
  if (buffer !== viewBuffer) {
    view = new DataView(buffer);
    viewBuffer = buffer;
  }
  return view;
}

/**
 * Hash of the 5 bytes at a position (4-byte word + next byte). liblz4 1.9.4 on 64-bit hosts
 * behaves the same way (a Python emulation with a 5-byte hash reproduced its block sizes, a 4-byte
 * one did not). On detector data, where 4-byte runs such as 00 00 00 00 are everywhere, it makes
 * candidates far more likely to extend: raw uint32 frames in 8 KiB blocks compress 3.2x instead
 * of 1.9x, and bit-shuffled blocks encode ~25 % faster. Only 4 bytes are verified, so a
 * collision costs nothing.
 */
function hash5(word: number, fifth: number): number {
  return (Math.imul(word, HASH_MULTIPLIER) ^ Math.imul(fifth, HASH_MULTIPLIER_5)) >>> HASH_SHIFT;
}

function startGeneration(length: number): number {
  if (generation + length + 1 >= GENERATION_LIMIT) {
    hashTable.fill(0);
    generation = 1;
  }
  const base = generation;
  generation += length + 1;
  return base;
}

/**
 * Encodes `src` as one raw LZ4 block (FORMATS.md §1) into `dst` and returns the number of bytes
 * written. `dst` must hold at least `lz4CompressBound(src.length)` bytes. The block always
 * decodes with liblz4 (including its unchecked decoder): the last sequence is literal-only, the
 * last 5 bytes are literals, no match starts in the last 12 bytes, offsets stay within the
 * block. Incompressible input yields a literal-only block, never an empty result.
 */
export function encodeBlock(src: Uint8Array, dst: Uint8Array): number {
  const length = src.length;
  const bound = lz4CompressBound(length);
  if (dst.length < bound) {
    throw new RangeError(`encodeBlock: destination holds ${dst.length} bytes, needs lz4CompressBound(${length}) = ${bound}`);
  }
  if (length < MIN_COMPRESSIBLE_LENGTH) return writeLastLiterals(src, 0, length, dst, 0);

  const data = viewOf(src.buffer);
  const at = src.byteOffset;
  const base = startGeneration(length);
  const table = hashTable;

  // A match starts at most at `matchStartEnd - 1` and ends at most at `matchEnd`.
  const matchStartEnd = length - MATCH_START_MARGIN;
  const matchEnd = length - LAST_LITERALS;

  let anchor = 0;
  let op = 0;
  let ip = 0;
  table[hash5(data.getInt32(at, true), src[4]!)] = base;
  ip = 1;

  outer: for (;;) {
    // ---- find a match starting at ip
    let ref = 0;
    let sequence = 0;
    let probes = 1 << SKIP_TRIGGER;
    for (;;) {
      if (ip >= matchStartEnd) break outer;
      sequence = data.getInt32(at + ip, true);
      const slot = hash5(sequence, src[ip + 4]!);
      ref = table[slot]! - base;
      table[slot] = ip + base;
      if (ref >= 0 && ip - ref <= MAX_OFFSET && data.getInt32(at + ref, true) === sequence) break;
      ip += probes++ >>> SKIP_TRIGGER;
    }

    // ---- extend backwards into pending literals
    while (ip > anchor && ref > 0 && src[ip - 1] === src[ref - 1]) {
      ip--;
      ref--;
    }

    // ---- extend forwards, four bytes at a time while they fit before matchEnd
    let end = ip + MIN_MATCH;
    let refEnd = ref + MIN_MATCH;
    // Two words per iteration: long matches (zero runs in bit-shuffled data) dominate.
    const wideEnd = matchEnd - 8;
    let diff = 0;
    while (end <= wideEnd) {
      diff = data.getInt32(at + end, true) ^ data.getInt32(at + refEnd, true);
      if (diff !== 0) break;
      diff = data.getInt32(at + end + 4, true) ^ data.getInt32(at + refEnd + 4, true);
      if (diff !== 0) {
        end += 4;
        break;
      }
      end += 8;
      refEnd += 8;
    }
    if (diff === 0 && end <= matchEnd - 4) {
      diff = data.getInt32(at + end, true) ^ data.getInt32(at + refEnd, true);
      if (diff === 0) {
        end += 4;
        refEnd += 4;
      }
    }
    if (diff !== 0) {
      // Count equal low-order bytes (little-endian = lower addresses first).
      end += (31 - Math.clz32(diff & -diff)) >>> 3;
      refEnd = -1;
    }
    if (refEnd >= 0) {
      while (end < matchEnd && src[end] === src[refEnd]) {
        end++;
        refEnd++;
      }
    }

    // ---- emit literals anchor..ip, then the match
    const literalLength = ip - anchor;
    const matchLengthCode = end - ip - MIN_MATCH;
    const tokenPos = op++;
    let token: number;
    if (literalLength >= 15) {
      token = 0xf0;
      let rest = literalLength - 15;
      while (rest >= 255) {
        dst[op++] = 255;
        rest -= 255;
      }
      dst[op++] = rest;
    } else {
      token = literalLength << 4;
    }
    if (literalLength <= 16) {
      for (let k = 0; k < literalLength; k++) dst[op + k] = src[anchor + k]!;
    } else {
      dst.set(src.subarray(anchor, ip), op);
    }
    op += literalLength;
    const offset = ip - ref;
    dst[op++] = offset & 0xff;
    dst[op++] = offset >>> 8;
    if (matchLengthCode >= 15) {
      token |= 0x0f;
      let rest = matchLengthCode - 15;
      while (rest >= 255) {
        dst[op++] = 255;
        rest -= 255;
      }
      dst[op++] = rest;
    } else {
      token |= matchLengthCode;
    }
    dst[tokenPos] = token;

    ip = end;
    anchor = ip;
    if (ip >= matchStartEnd) break;
    // Remember a position inside the match so a repeat right after it is found.
    table[hash5(data.getInt32(at + ip - 2, true), src[ip + 2]!)] = ip - 2 + base;
  }

  return writeLastLiterals(src, anchor, length, dst, op);
}

/** Writes the final literal-only sequence src[from..to) at dst[op] and returns the new end. */
function writeLastLiterals(src: Uint8Array, from: number, to: number, dst: Uint8Array, op: number): number {
  const literalLength = to - from;
  if (literalLength >= 15) {
    dst[op++] = 0xf0;
    let rest = literalLength - 15;
    while (rest >= 255) {
      dst[op++] = 255;
      rest -= 255;
    }
    dst[op++] = rest;
  } else {
    dst[op++] = literalLength << 4;
  }
  dst.set(src.subarray(from, to), op);
  return op + literalLength;
}
