/*
 * The byte-offset decoder loop (FORMATS.md §8.2), strict: every escape must be complete, every
 * value must lie in the dtype's range, and the caller checks that the input is used up exactly.
 * It reads four bytes at a time while none of them is the escape byte 0x80, which on detector
 * frames is nearly all of the input.
 */
import { decodeError } from './errors.js';

/** Where the decoder stands; `decodeRun` updates it so callers can decode a frame in pieces. */
export interface DecodeCursor {
  /** Next input byte. */
  at: number;
  /** Working value of the last decoded element (see WorkingDomain). */
  prev: number;
}

export interface DecodeLimits {
  readonly flip: number;
  readonly lo: number;
  readonly hi: number;
  /** real value = working value + offset (for messages only). */
  readonly offset: number;
}

/** The bytes as a DataView and as signed bytes, made once per payload. */
export interface DecodeInput {
  readonly bytes: Uint8Array;
  readonly words: DataView;
  readonly signed: Int8Array;
}

export function decodeInput(bytes: Uint8Array): DecodeInput {
  return {
    bytes,
    words: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    signed: new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  };
}

/** Four steps of at most 127 cannot leave the range from a value this far inside it. */
const FAST_MARGIN = 4 * 127;

/**
 * Decodes out[start..end) (int32 words, stored as working value ^ flip) from the input at
 * cursor.at, continuing the delta chain from cursor.prev. Throws DECODE errors naming the pixel
 * and byte position; `first` is the frame index of out[start] for those messages.
 */
export function decodeRun(
  input: DecodeInput,
  cursor: DecodeCursor,
  out: Int32Array,
  start: number,
  end: number,
  limits: DecodeLimits,
  first: number,
): void {
  const { bytes, words, signed } = input;
  const { flip, lo, hi } = limits;
  const length = bytes.length;
  const safeLo = lo + FAST_MARGIN;
  const safeHi = hi - FAST_MARGIN;
  let i = cursor.at;
  let p = cursor.prev | 0;
  let k = start;
  while (k < end) {
    const fastEnd = k + Math.min(end - k, length - i) - 3;
    while (k < fastEnd) {
      const word = words.getInt32(i, true);
      // Classic "has a zero byte" test on word ^ 0x80808080: true if any byte is 0x80.
      const x = word ^ 0x80808080;
      if (((x - 0x01010101) & ~x & 0x80808080) !== 0) break;
      const p0 = p + ((word << 24) >> 24);
      const p1 = p0 + ((word << 16) >> 24);
      const p2 = p1 + ((word << 8) >> 24);
      const p3 = p2 + (word >> 24);
      if (p < safeLo || p > safeHi) {
        if (p0 < lo || p0 > hi) throw outOfRange(p0, limits, first + k - start, i);
        if (p1 < lo || p1 > hi) throw outOfRange(p1, limits, first + k + 1 - start, i + 1);
        if (p2 < lo || p2 > hi) throw outOfRange(p2, limits, first + k + 2 - start, i + 2);
        if (p3 < lo || p3 > hi) throw outOfRange(p3, limits, first + k + 3 - start, i + 3);
      }
      out[k] = p0 ^ flip;
      out[k + 1] = p1 ^ flip;
      out[k + 2] = p2 ^ flip;
      out[k + 3] = p3 ^ flip;
      p = p3;
      k += 4;
      i += 4;
    }
    if (k >= end) break;
    if (i >= length) {
      throw decodeError(`payload ends after ${length} bytes, at pixel ${first + k - start}: too few values`);
    }
    const begin = i;
    let delta: number = signed[i++]!;
    if (delta === -128) {
      if (i + 2 > length) throw truncatedEscape(2, begin, first + k - start);
      delta = words.getInt16(i, true);
      i += 2;
      if (delta === -32768) {
        if (i + 4 > length) throw truncatedEscape(4, begin, first + k - start);
        delta = words.getInt32(i, true);
        i += 4;
        if (delta === -2147483648) {
          if (i + 8 > length) throw truncatedEscape(8, begin, first + k - start);
          const low = words.getUint32(i, true);
          const high = words.getInt32(i + 4, true);
          i += 8;
          // Two values of a 32-bit dtype differ by less than 2^32, so high must be −1 or 0.
          if (high < -1 || high > 0) {
            throw decodeError(
              `64-bit delta ${(BigInt(high) << 32n) | BigInt(low)} at byte ${begin} (pixel ${first + k - start}) ` +
                `takes the value outside the range of the dtype`,
            );
          }
          delta = high * 4294967296 + low;
        }
      }
    }
    const value = p + delta;
    if (value < lo || value > hi) throw outOfRange(value, limits, first + k - start, begin);
    out[k++] = value ^ flip;
    p = value | 0;
  }
  cursor.at = i;
  cursor.prev = p;
}

function truncatedEscape(width: number, at: number, pixel: number) {
  return decodeError(`truncated escape sequence at byte ${at} (pixel ${pixel}): the ${width}-byte delta is cut off`);
}

function outOfRange(working: number, limits: DecodeLimits, pixel: number, at: number) {
  return decodeError(
    `decoded value ${working + limits.offset} at pixel ${pixel} (byte ${at}) is outside ` +
      `${limits.lo + limits.offset} … ${limits.hi + limits.offset}: the payload is corrupt or of another dtype`,
  );
}
