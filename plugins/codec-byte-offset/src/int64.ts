/*
 * A plain BigInt implementation of byte offset for 64-bit values. No beamstack frame has 64-bit
 * pixels, but CBF allows "signed 64-bit integer" data and FORMATS.md §8.2 has a 64-bit example;
 * this is also the simple reference the fast 32-bit kernels are tested against. Slow (BigInt).
 */
import { decodeError, encodeError } from './errors.js';
import { checkPayloadLength } from './decode.js';

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

function encodedSize(delta: bigint): number {
  if (delta >= -127n && delta <= 127n) return 1;
  if (delta >= -32767n && delta <= 32767n) return 3;
  if (delta >= -2147483647n && delta <= 2147483647n) return 7;
  return 15;
}

/** Payload of int64 values (exact deltas; a delta that does not fit int64 is an ENCODE error). */
export function encodeByteOffset64(values: BigInt64Array): Uint8Array {
  let size = 0;
  let prev = 0n;
  for (let i = 0; i < values.length; i++) {
    const delta = values[i]! - prev;
    if (delta < INT64_MIN || delta > INT64_MAX) {
      throw encodeError(`the difference between values ${i - 1} and ${i} does not fit in 64 bits`);
    }
    size += encodedSize(delta);
    prev = values[i]!;
  }
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  prev = 0n;
  for (let i = 0; i < values.length; i++) {
    const delta = values[i]! - prev;
    prev = values[i]!;
    const width = encodedSize(delta);
    if (width === 1) {
      view.setInt8(at++, Number(delta));
      continue;
    }
    view.setUint8(at++, 0x80);
    if (width === 3) {
      view.setInt16(at, Number(delta), true);
      at += 2;
      continue;
    }
    view.setInt16(at, -32768, true);
    at += 2;
    if (width === 7) {
      view.setInt32(at, Number(delta), true);
      at += 4;
      continue;
    }
    view.setInt32(at, -2147483648, true);
    view.setBigInt64(at + 4, delta, true);
    at += 12;
  }
  return out;
}

/** Exactly `count` int64 values from a payload; a sum outside int64 is a DECODE error. */
export function decodeByteOffset64(bytes: Uint8Array, count: number): BigInt64Array {
  checkPayloadLength(bytes.length, count);
  const out = new BigInt64Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  let prev = 0n;
  for (let k = 0; k < count; k++) {
    const begin = at;
    const need = (width: number): void => {
      if (at + width > bytes.length) {
        throw decodeError(
          at === begin
            ? `payload ends after ${bytes.length} bytes, at pixel ${k}: too few values`
            : `truncated escape sequence at byte ${begin} (pixel ${k}): the ${width}-byte delta is cut off`,
        );
      }
    };
    need(1);
    let delta = BigInt(view.getInt8(at));
    at += 1;
    if (delta === -128n) {
      need(2);
      delta = BigInt(view.getInt16(at, true));
      at += 2;
      if (delta === -32768n) {
        need(4);
        delta = BigInt(view.getInt32(at, true));
        at += 4;
        if (delta === -2147483648n) {
          need(8);
          delta = view.getBigInt64(at, true);
          at += 8;
        }
      }
    }
    prev += delta;
    if (prev < INT64_MIN || prev > INT64_MAX) {
      throw decodeError(`decoded value ${prev} at pixel ${k} (byte ${begin}) does not fit in 64 bits`);
    }
    out[k] = prev;
  }
  if (at !== bytes.length) {
    throw decodeError(`${bytes.length - at} trailing bytes after the ${count} values (payload ${bytes.length} bytes)`);
  }
  return out;
}
