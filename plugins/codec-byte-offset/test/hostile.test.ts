import { BeamstackError, ErrorCodes, dtypeInfo, type DType, type FrameInfo, type PixelArray } from '@beamstack/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prng } from '@beamstack/testkit/data';
import { byteOffsetCodec, decodeByteOffset64, encodeByteOffset } from '../src/index.js';
import { makePixels } from './patterns.js';

const ctx = { options: {} };
const DTYPE_LIST: readonly DType[] = ['int32', 'uint32', 'int16', 'uint16', 'int8', 'uint8'];

/** Decodes; returns the pixels, or the BeamstackError DECODE it must throw (anything else fails). */
function outcome(bytes: Uint8Array, dtype: DType, count: number): PixelArray | BeamstackError {
  const info: FrameInfo = { shape: [1, count], dtype };
  try {
    return byteOffsetCodec.decode(bytes, info, ctx);
  } catch (error) {
    // A RangeError, TypeError or any other escape is a bug in the decoder.
    expect(error).toBeInstanceOf(BeamstackError);
    const coded = error as BeamstackError;
    expect(coded.code).toBe(ErrorCodes.DECODE);
    expect(coded.code).toBe('BEAMSTACK_E_DECODE');
    expect(coded.context.codec).toBe('byte-offset');
    return coded;
  }
}

function expectRejected(bytes: Uint8Array, dtype: DType, count: number, message?: RegExp): void {
  const result = outcome(bytes, dtype, count);
  expect(result, 'payload was accepted').toBeInstanceOf(BeamstackError);
  if (message) expect((result as BeamstackError).message).toMatch(message);
}

/**
 * What a strict decoder must do with these bytes: the exact values from the BigInt reference if it
 * decodes them and all fit the dtype, else nothing (an error).
 */
function expectedValues(bytes: Uint8Array, dtype: DType, count: number): number[] | null {
  let exact: BigInt64Array;
  try {
    exact = decodeByteOffset64(bytes, count);
  } catch {
    return null;
  }
  const { min, max } = dtypeInfo(dtype);
  const values = Array.from(exact, Number);
  return values.every((v) => v >= min && v <= max) ? values : null;
}

function expectStrict(bytes: Uint8Array, dtype: DType, count: number): void {
  const expected = expectedValues(bytes, dtype, count);
  const result = outcome(bytes, dtype, count);
  if (expected === null) expect(result, 'accepted a payload the reference rejects').toBeInstanceOf(BeamstackError);
  else expect(result instanceof BeamstackError ? result.message : Array.from(result)).toEqual(expected);
}

const hexBytes = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
const ESC64 = '80 0080 00000080';

describe('length and count', () => {
  it('rejects an empty payload for a non-empty frame', () => {
    for (const dtype of DTYPE_LIST) expectRejected(new Uint8Array(0), dtype, 1, /too short/);
    expectRejected(new Uint8Array(0), 'int32', 2167 * 2070, /too short/);
  });

  it('rejects too few and too many values', () => {
    const payload = encodeByteOffset(makePixels('int32', 100, 'walk', 5));
    expectRejected(payload, 'int32', 101);
    expectRejected(payload, 'int32', 99, /trailing/);
    expectRejected(payload, 'int32', 1000, /too short/);
    expectRejected(payload, 'int32', 1, /too long/);
  });

  it('rejects trailing bytes, also CBF padding left on the payload', () => {
    const payload = encodeByteOffset(makePixels('uint16', 50, 'eiger', 2));
    for (const tail of ['00', '0000', '80', '7f', '00'.repeat(4095)]) {
      const padded = Uint8Array.from([...payload, ...hexBytes(tail)]);
      expectRejected(padded, 'uint16', 50, /trailing|too long/);
    }
  });
});

describe('truncation', () => {
  it('rejects every cut of payloads that use every escape width', () => {
    for (const dtype of DTYPE_LIST) {
      const pixels = makePixels(dtype, 40, 'random', 3);
      pixels.set([0, 1, 200, 0, dtypeInfo(dtype).max, dtypeInfo(dtype).min, 0], 0);
      const payload = encodeByteOffset(pixels);
      for (let cut = 0; cut < payload.length; cut++) expectRejected(payload.subarray(0, cut), dtype, 40);
    }
  });

  it('names a cut-off escape sequence', () => {
    expectRejected(hexBytes('00 80'), 'int32', 2, /truncated escape.*2-byte/);
    expectRejected(hexBytes('00 80 ff'), 'int32', 2, /truncated escape.*2-byte/);
    expectRejected(hexBytes('00 80 0080 ffff'), 'int32', 2, /truncated escape.*4-byte/);
    expectRejected(hexBytes(`00 ${ESC64} 01020304050607`), 'int32', 2, /truncated escape.*8-byte/);
    // Escape bytes as the very last bytes of a payload that is otherwise long enough.
    expectRejected(hexBytes('01 02 03 80'), 'uint8', 4, /truncated escape/);
    expectRejected(hexBytes('01 02 03 04 05 06 80 0080'), 'uint8', 7, /truncated escape/);
  });
});

describe('values outside the dtype (never wrapped)', () => {
  it('rejects one step past each end of each dtype, on the fast and the slow path', () => {
    for (const dtype of DTYPE_LIST) {
      const { min, max } = dtypeInfo(dtype);
      // Up to max − 2 with an exact wide delta, then +1 steps: the fourth one-byte step leaves the range.
      const up = encodeByteOffset(pixelsOf(dtype, [max - 2]));
      expectRejected(hexBytes(Buffer.from(up).toString('hex') + '01010101'), dtype, 5, /outside/);
      expectRejected(hexBytes(Buffer.from(up).toString('hex') + '03'), dtype, 2, /outside/);
      expectRejected(hexBytes(Buffer.from(up).toString('hex') + '800300'), dtype, 2, /outside/);
      const down = encodeByteOffset(pixelsOf(dtype, [min + 2]));
      expectRejected(hexBytes(Buffer.from(down).toString('hex') + 'ffffffff'), dtype, 5, /outside/);
      expectRejected(hexBytes(Buffer.from(down).toString('hex') + 'fd'), dtype, 2, /outside/);
      // Just inside is fine.
      expect(Array.from(outcome(hexBytes(Buffer.from(up).toString('hex') + '0101'), dtype, 3) as PixelArray)).toEqual([max - 2, max - 1, max]);
    }
  });

  it('rejects huge and wrong 64-bit deltas', () => {
    const int64 = (value: bigint): string => {
      const bytes = new Uint8Array(8);
      new DataView(bytes.buffer).setBigInt64(0, value, true);
      return ESC64 + Buffer.from(bytes).toString('hex');
    };
    // Deltas no two 32-bit values can differ by are refused before any arithmetic.
    for (const delta of [1n << 62n, -(1n << 63n), (1n << 63n) - 1n, 1n << 32n, 1n << 40n, -(1n << 32n) - 1n]) {
      for (const dtype of DTYPE_LIST) expectRejected(hexBytes(int64(delta)), dtype, 1, /64-bit delta/);
    }
    for (const dtype of DTYPE_LIST) expectRejected(hexBytes(int64(-(1n << 32n))), dtype, 1, /outside/);
    // 2^32 − 1 from 0 is a valid uint32 (and only that).
    expect(Array.from(outcome(hexBytes(int64(0xffffffffn)), 'uint32', 1) as PixelArray)).toEqual([0xffffffff]);
    expectRejected(hexBytes(int64(0xffffffffn)), 'int32', 1, /outside/);
    // −2^31 needs the 64-bit form from 0 and is a valid int32.
    expect(Array.from(outcome(hexBytes(int64(-(1n << 31n))), 'int32', 1) as PixelArray)).toEqual([-(2 ** 31)]);
    // A 32-bit delta taking uint32 below 0; a 16-bit one taking uint16 below 0 (CBFlib's modulo form).
    expectRejected(hexBytes('00 ff'), 'uint16', 2, /outside 0 … 65535/);
    expectRejected(hexBytes('00 80 0080 ffffffff'), 'uint32', 2, /outside 0 … 4294967295/);
  });
});

describe('corruption', () => {
  it('bit flips: the result is the exact reference decode or a DECODE error', () => {
    const random = prng(1234);
    for (let trial = 0; trial < 1500; trial++) {
      const dtype = DTYPE_LIST[trial % DTYPE_LIST.length]!;
      const count = 1 + Math.floor(random() * 60);
      const pattern = (['random', 'walk', 'eiger', 'extremes'] as const)[trial % 4]!;
      const payload = encodeByteOffset(makePixels(dtype, count, pattern, trial)).slice();
      const flips = 1 + Math.floor(random() * 3);
      for (let f = 0; f < flips; f++) {
        const at = Math.floor(random() * payload.length);
        payload[at]! ^= 1 << Math.floor(random() * 8);
      }
      expectStrict(payload, dtype, count);
    }
  });

  it('fast-check: arbitrary bytes and counts are decoded exactly or rejected', () => {
    const escapeHeavy = fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x80, 0x00, 0xff, 0x7f)), {
      maxLength: 120,
    });
    fc.assert(
      fc.property(fc.constantFrom(...DTYPE_LIST), escapeHeavy, fc.integer({ min: 0, max: 130 }), (dtype, body, count) => {
        expectStrict(Uint8Array.from(body), dtype, count);
      }),
      { numRuns: 2000 },
    );
  });

  it('fast-check: valid payloads with one byte changed, appended or removed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DTYPE_LIST),
        fc.integer({ min: 1, max: 80 }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.constantFrom('set', 'insert', 'delete'),
        (dtype, count, seed, where, byte, edit) => {
          const payload = Array.from(encodeByteOffset(makePixels(dtype, count, 'extremes', seed % 12)));
          const at = where % payload.length;
          if (edit === 'set') payload[at] = byte;
          else if (edit === 'insert') payload.splice(at, 0, byte);
          else payload.splice(at, 1);
          expectStrict(Uint8Array.from(payload), dtype, count);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

function pixelsOf(dtype: DType, values: readonly number[]): PixelArray {
  const pixels = makePixels(dtype, values.length, 'zeros');
  pixels.set(values);
  return pixels;
}
