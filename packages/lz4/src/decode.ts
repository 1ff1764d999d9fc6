import { lz4Failure, type Lz4DecodeError, type Lz4DecodeReason } from './error.js';
import { MIN_MATCH } from './limits.js';

/*
 * Short copies are the common case on raw (not bit-shuffled) data. When at least WILD bytes of
 * room remain on both sides, they are done as four unconditional 32-bit moves ("wild copy", as
 * liblz4 does): the bytes written past the copy's end are inside `dst` and are overwritten by
 * the next sequence, and this avoids a data-dependent loop. Longer copies use set/copyWithin.
 */
const WILD = 16;

const MATCH_LOOP_MAX = 32;

/** The error for a failure at input byte `ip` / output byte `op` (same message as the wasm decoder's). */
function failure(reason: Lz4DecodeReason, value: number, ip: number, inEnd: number, op: number, outEnd: number): Lz4DecodeError {
  return lz4Failure(reason, value, { input: ip, inputEnd: inEnd, output: op, outputEnd: outEnd });
}

/* DataViews over the last buffers seen (reused while callers keep passing views of them). */
let srcBuffer: ArrayBufferLike | null = null;
let srcView: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
let dstBuffer: ArrayBufferLike | null = null;
let dstView: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

/**
 * Decodes one raw LZ4 block (FORMATS.md §1) into `dst`, whose length is the exact decompressed
 * size known from the surrounding framing. Returns the number of bytes written (always
 * `dst.length`).
 *
 * Strict: every length is checked against both the remaining input and the remaining output
 * before anything is copied, offsets must be 1..(bytes produced so far), the block must end
 * with a literal-only sequence that consumes the input exactly, and the output must be filled
 * exactly. Any violation throws Lz4DecodeError; nothing is ever written outside `dst`.
 * The end-of-block margins an encoder must keep (last 5 bytes literal, ...) are not enforced:
 * blocks breaking only those conventions are still unambiguous.
 */
export function decodeBlock(src: Uint8Array, dst: Uint8Array): number {
  const inEnd = src.length;
  const outEnd = dst.length;
  if (inEnd === 0) throw failure('empty-input', 0, 0, inEnd, 0, outEnd);

  if (src.buffer !== srcBuffer) {
    srcView = new DataView(src.buffer);
    srcBuffer = src.buffer;
  }
  if (dst.buffer !== dstBuffer) {
    dstView = new DataView(dst.buffer);
    dstBuffer = dst.buffer;
  }
  const inView = srcView;
  const outView = dstView;
  const inBase = src.byteOffset;
  const outBase = dst.byteOffset;

  let ip = 0;
  let op = 0;
  for (;;) {
    if (ip >= inEnd) {
      throw failure('missing-last-literals', 0, ip, inEnd, op, outEnd);
    }
    const token = src[ip++]!;

    // ---- literals
    let literalLength = token >>> 4;
    if (literalLength === 15) {
      let extension: number;
      do {
        if (ip >= inEnd) throw failure('truncated-length', 0, ip, inEnd, op, outEnd);
        extension = src[ip++]!;
        literalLength += extension;
      } while (extension === 255);
    }
    if (literalLength > inEnd - ip) {
      throw failure('literals-past-input', literalLength, ip, inEnd, op, outEnd);
    }
    if (literalLength > outEnd - op) {
      throw failure('literals-past-output', literalLength, ip, inEnd, op, outEnd);
    }
    if (literalLength <= WILD && inEnd - ip >= WILD && outEnd - op >= WILD) {
      const from = inBase + ip;
      const to = outBase + op;
      outView.setInt32(to, inView.getInt32(from, true), true);
      outView.setInt32(to + 4, inView.getInt32(from + 4, true), true);
      outView.setInt32(to + 8, inView.getInt32(from + 8, true), true);
      outView.setInt32(to + 12, inView.getInt32(from + 12, true), true);
    } else if (literalLength <= WILD) {
      for (let k = 0; k < literalLength; k++) dst[op + k] = src[ip + k]!;
    } else {
      dst.set(src.subarray(ip, ip + literalLength), op);
    }
    ip += literalLength;
    op += literalLength;

    // ---- end of block: the last sequence carries literals only
    if (ip === inEnd) {
      if (op !== outEnd) {
        throw failure('output-size-mismatch', op, ip, inEnd, op, outEnd);
      }
      return op;
    }

    // ---- match
    if (inEnd - ip < 2) throw failure('truncated-offset', 0, ip, inEnd, op, outEnd);
    const offset = src[ip]! | (src[ip + 1]! << 8);
    ip += 2;
    if (offset === 0) throw failure('zero-offset', 0, ip - 2, inEnd, op, outEnd);
    if (offset > op) {
      throw failure('offset-before-block-start', offset, ip - 2, inEnd, op, outEnd);
    }
    let matchLength = token & 15;
    if (matchLength === 15) {
      let extension: number;
      do {
        if (ip >= inEnd) throw failure('truncated-length', 0, ip, inEnd, op, outEnd);
        extension = src[ip++]!;
        matchLength += extension;
      } while (extension === 255);
    }
    matchLength += MIN_MATCH;
    if (matchLength > outEnd - op) {
      throw failure('match-past-output', matchLength, ip, inEnd, op, outEnd);
    }
    if (matchLength <= WILD && offset >= 4 && outEnd - op >= WILD) {
      // Each 4-byte move reads bytes at least 4 behind its target, all final by then.
      const to = outBase + op;
      const from = to - offset;
      outView.setInt32(to, outView.getInt32(from, true), true);
      outView.setInt32(to + 4, outView.getInt32(from + 4, true), true);
      outView.setInt32(to + 8, outView.getInt32(from + 8, true), true);
      outView.setInt32(to + 12, outView.getInt32(from + 12, true), true);
    } else {
      copyMatch(dst, op, offset, matchLength);
    }
    op += matchLength;
  }
}

/** Copies an LZ4 match; the source may overlap the destination (period = offset). */
function copyMatch(dst: Uint8Array, op: number, offset: number, length: number): void {
  const from = op - offset;
  if (length <= MATCH_LOOP_MAX) {
    for (let k = 0; k < length; k++) dst[op + k] = dst[from + k]!;
  } else if (offset === 1) {
    dst.fill(dst[from]!, op, op + length);
  } else if (offset >= length) {
    dst.copyWithin(op, from, from + length);
  } else {
    // Overlapping: the output repeats with period `offset`. Copy whole periods, doubling the
    // chunk each time; every chunk starts at a multiple of the period so the phase is right.
    let copied = 0;
    while (copied < length) {
      const chunk = Math.min(offset + copied, length - copied);
      dst.copyWithin(op + copied, from, from + chunk);
      copied += chunk;
    }
  }
}
