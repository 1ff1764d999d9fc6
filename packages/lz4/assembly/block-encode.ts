/*
 * LZ4 block encoder: a line-by-line port of src/encode.ts (same hash, table size, search step,
 * match extension and margins), so both produce identical bytes for every input. See there for
 * the reasoning behind each choice; only the memory access differs (raw loads and stores on
 * wasm memory, vector copies for literals).
 */

const MIN_MATCH: u32 = 4;
const LAST_LITERALS: u32 = 5;
const MATCH_START_MARGIN: u32 = 12;
const MIN_COMPRESSIBLE_LENGTH: u32 = MATCH_START_MARGIN + 1;
const MAX_OFFSET: u32 = 65535;

const HASH_LOG: u32 = 13;
const HASH_SHIFT: u32 = 32 - HASH_LOG;
const HASH_MULTIPLIER: u32 = 2654435761;
const HASH_MULTIPLIER_5: u32 = 0x5bd1e995;
const SKIP_TRIGGER: u32 = 6;

/*
 * Entries hold `position + generation`; a call trusts only entries at or above its own
 * generation and the next call starts above everything this one stored, so stale entries are
 * ignored without clearing the table (the output depends on the input alone).
 */
const hashTable: usize = memory.data(4 << HASH_LOG, 16);
let generation: u32 = 1;
const GENERATION_LIMIT: u32 = 0x7fffffff;

// @ts-ignore: decorator
@inline
function hash5(word: u32, fifth: u32): usize {
  return <usize>(((word * HASH_MULTIPLIER) ^ (fifth * HASH_MULTIPLIER_5)) >> HASH_SHIFT) << 2;
}

function startGeneration(length: u32): u32 {
  if (generation + length + 1 >= GENERATION_LIMIT) {
    memory.fill(hashTable, 0, 4 << HASH_LOG);
    generation = 1;
  }
  const base = generation;
  generation += length + 1;
  return base;
}

/** Writes a length extension (the part above 15) at dst + op; returns the new op. */
// @ts-ignore: decorator
@inline
function writeExtension(dst: usize, op: u32, rest: u32): u32 {
  while (rest >= 255) {
    store<u8>(dst + op, 255);
    op++;
    rest -= 255;
  }
  store<u8>(dst + op, <u8>rest);
  return op + 1;
}

/** Writes the final literal-only sequence src[from..to) at dst + op; returns the new end. */
function writeLastLiterals(src: usize, from: u32, to: u32, dst: usize, op: u32): u32 {
  const literals = to - from;
  if (literals >= 15) {
    store<u8>(dst + op, 0xf0);
    op = writeExtension(dst, op + 1, literals - 15);
  } else {
    store<u8>(dst + op, <u8>(literals << 4));
    op++;
  }
  memory.copy(dst + op, src + from, literals);
  return op + literals;
}

/**
 * Encodes src[0..length) as one raw LZ4 block at dst and returns the bytes written. The caller
 * guarantees lz4CompressBound(length) bytes at dst plus 16 bytes of slack (wild literal copies
 * write up to 16 bytes at a time), and 16 readable bytes after the input.
 */
export function encodeBlock(src: usize, length: u32, dst: usize): u32 {
  if (length < MIN_COMPRESSIBLE_LENGTH) return writeLastLiterals(src, 0, length, dst, 0);

  const base = startGeneration(length);
  const table = hashTable;
  const matchStartEnd = length - MATCH_START_MARGIN;
  const matchEnd = length - LAST_LITERALS;
  const wideEnd = matchEnd - 8;

  let anchor: u32 = 0;
  let op: u32 = 0;
  store<u32>(table + hash5(load<u32>(src), load<u8>(src + 4)), base);
  let ip: u32 = 1;

  while (true) {
    // ---- find a match starting at ip
    let ref: i32 = 0;
    let probes: u32 = 1 << SKIP_TRIGGER;
    let found = false;
    while (ip < matchStartEnd) {
      const sequence = load<u32>(src + ip);
      const slot = table + hash5(sequence, load<u8>(src + ip + 4));
      ref = <i32>(load<u32>(slot) - base);
      store<u32>(slot, ip + base);
      if (ref >= 0 && ip - <u32>ref <= MAX_OFFSET && load<u32>(src + <u32>ref) == sequence) {
        found = true;
        break;
      }
      ip += probes >> SKIP_TRIGGER;
      probes++;
    }
    if (!found) break;
    let match = <u32>ref;

    // ---- extend backwards into pending literals
    while (ip > anchor && match > 0 && load<u8>(src + ip - 1) == load<u8>(src + match - 1)) {
      ip--;
      match--;
    }

    // ---- extend forwards: the longest match that ends by matchEnd
    let end = ip + MIN_MATCH;
    let refEnd = match + MIN_MATCH;
    let open = true;
    while (end <= wideEnd) {
      const diff = load<u64>(src + end) ^ load<u64>(src + refEnd);
      if (diff != 0) {
        end += <u32>(ctz(diff) >> 3);
        open = false;
        break;
      }
      end += 8;
      refEnd += 8;
    }
    if (open) {
      while (end < matchEnd && load<u8>(src + end) == load<u8>(src + refEnd)) {
        end++;
        refEnd++;
      }
    }

    // ---- emit literals anchor..ip, then the match
    const literals = ip - anchor;
    const matchCode = end - ip - MIN_MATCH;
    const tokenAt = op;
    op++;
    let token: u32;
    if (literals >= 15) {
      token = 0xf0;
      op = writeExtension(dst, op, literals - 15);
    } else {
      token = literals << 4;
    }
    // Whole vectors: may read up to 15 bytes past ip and write up to 15 bytes past the literals,
    // both inside the caller's 16-byte slack (memory.copy is a runtime call, slow for short runs).
    for (let k: u32 = 0; k < literals; k += 16) v128.store(dst + op + k, v128.load(src + anchor + k));
    op += literals;
    store<u16>(dst + op, <u16>(ip - match));
    op += 2;
    if (matchCode >= 15) {
      token |= 0x0f;
      op = writeExtension(dst, op, matchCode - 15);
    } else {
      token |= matchCode;
    }
    store<u8>(dst + tokenAt, <u8>token);

    ip = end;
    anchor = ip;
    if (ip >= matchStartEnd) break;
    // Remember a position inside the match so a repeat right after it is found.
    store<u32>(table + hash5(load<u32>(src + ip - 2), load<u8>(src + ip + 2)), ip - 2 + base);
  }

  return writeLastLiterals(src, anchor, length, dst, op);
}
