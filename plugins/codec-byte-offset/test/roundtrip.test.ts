import { allocPixels, dtypeInfo, dtypeOf, pixelView, type DType, type FrameInfo, type FrameShape, type PixelArray } from '@beamstack/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameBytes } from '@beamstack/testkit/data';
import {
  byteOffsetBound,
  byteOffsetCodec,
  decodeByteOffset,
  decodeByteOffset64,
  decodeByteOffsetInto,
  encodeByteOffset,
  encodeByteOffset64,
} from '../src/index.js';
import { simulatedCbfFrame } from './frames.js';
import { PATTERNS, asBigInts, makePixels, samePixels } from './patterns.js';

const ctx = { options: {} };
const DTYPE_LIST: readonly DType[] = ['int32', 'uint32', 'int16', 'uint16', 'int8', 'uint8'];
const SHAPES: readonly FrameShape[] = [[1, 1], [1, 2], [1, 3], [1, 5], [3, 7], [7, 13], [16, 16], [33, 65], [100, 99], [300, 701]];

/** Encodes with the codec and checks it against the BigInt reference, then decodes both ways. */
function roundTrip(pixels: PixelArray, shape: FrameShape): Uint8Array {
  const info: FrameInfo = { shape, dtype: dtypeOf(pixels) };
  const payload = byteOffsetCodec.encode(pixels, info, ctx);
  expect(sameBytes(payload, encodeByteOffset64(asBigInts(pixels))), 'fast encoder differs from the reference').toBe(true);
  expect(payload.length).toBeLessThanOrEqual(byteOffsetBound(pixels.length, info.dtype));
  const back = byteOffsetCodec.decode(payload, info, ctx);
  expect(back.length).toBe(pixels.length);
  expect(samePixels(back, pixels), 'decoded pixels differ').toBe(true);
  return payload;
}

describe('round trips against the BigInt reference', () => {
  for (const dtype of DTYPE_LIST) {
    it(`${dtype}: every shape x pattern`, () => {
      let k = 0;
      for (const shape of SHAPES) {
        for (const pattern of PATTERNS) {
          const count = shape[0] * shape[1];
          // The widest frame only with the cheap-to-check patterns (the reference is BigInt).
          if (count > 20_000 && pattern !== 'walk' && pattern !== 'eiger' && pattern !== 'extremes') continue;
          roundTrip(makePixels(dtype, count, pattern, ++k), shape);
        }
      }
    });
  }

  it('sizes are what §8.2 predicts for a pattern without escapes and one with only 64-bit escapes', () => {
    expect(roundTrip(makePixels('int32', 1000, 'zeros'), [10, 100]).length).toBe(1000);
    const extremes = Uint32Array.from({ length: 64 }, (_, i) => (i % 2 ? 0xffffffff : 0));
    expect(roundTrip(extremes, [8, 8]).length).toBe(1 + 63 * 15);
  });

  it('fast-check: any values of any dtype and shape', () => {
    const frame = fc
      .record({
        dtype: fc.constantFrom(...DTYPE_LIST),
        height: fc.integer({ min: 1, max: 12 }),
        width: fc.integer({ min: 1, max: 70 }),
        seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      })
      .chain(({ dtype, height, width }) => {
        const { min, max } = dtypeInfo(dtype);
        const value = fc.oneof(
          fc.integer({ min, max }),
          fc.constantFrom(min, max, 0, -1 < min ? 1 : -1, min + 1, max - 1),
          fc.integer({ min: Math.max(min, -300), max: Math.min(max, 300) }),
        );
        return fc.record({
          dtype: fc.constant(dtype),
          shape: fc.constant([height, width] as const),
          values: fc.array(value, { minLength: height * width, maxLength: height * width }),
        });
      });
    fc.assert(
      fc.property(frame, ({ dtype, shape, values }) => {
        const pixels = allocPixels(dtype, values.length);
        pixels.set(values);
        roundTrip(pixels, shape);
        expect(Array.from(decodeByteOffset64(encodeByteOffset(pixels), values.length), Number)).toEqual(values);
      }),
      { numRuns: 400 },
    );
  });
});

describe('realistic frames (simulate, Eiger → CBF int32)', () => {
  it('round-trips the 4M frame at about one byte per pixel', async () => {
    const { shape, pixels } = await simulatedCbfFrame();
    expect(shape).toEqual([2167, 2070]);
    expect(pixels.includes(-1) && pixels.includes(-2)).toBe(true);
    const info: FrameInfo = { shape, dtype: 'int32' };
    const payload = byteOffsetCodec.encode(pixels, info, ctx);
    const ratio = pixels.byteLength / payload.length;
    expect(ratio).toBeGreaterThan(3.9);
    expect(ratio).toBeLessThan(4);
    expect(samePixels(byteOffsetCodec.decode(payload, info, ctx), pixels)).toBe(true);
  });

  it('matches the reference byte for byte on a 500K frame', async () => {
    const { shape, pixels, raw } = await simulatedCbfFrame({ detector: 'eiger-500k' }, 2);
    roundTrip(pixels, shape);
    // The raw uint32 detector frame: gaps are 0xFFFFFFFF next to 0, jumps that need the 64-bit form.
    roundTrip(raw, shape);
  });
});

describe('buffers', () => {
  it('never modifies the input and accepts unaligned views', () => {
    for (const dtype of DTYPE_LIST) {
      const pixels = makePixels(dtype, 999, 'random', 7);
      const copy = pixels.slice();
      const payload = encodeByteOffset(pixels);
      expect(pixels).toEqual(copy);
      // The same values at a byte offset inside a larger buffer.
      const size = dtypeInfo(dtype).bytes;
      const view = pixelView(dtype, new ArrayBuffer((pixels.length + 3) * size), 2 * size, pixels.length);
      view.set(pixels);
      expect(sameBytes(encodeByteOffset(view), payload)).toBe(true);
      // A payload at an odd offset inside a larger buffer.
      const host = new Uint8Array(payload.length + 8);
      host.set(payload, 3);
      expect(decodeByteOffset(host.subarray(3, 3 + payload.length), dtype, pixels.length)).toEqual(pixels);
    }
  });

  it('returns fresh, exactly sized, transferable arrays', () => {
    const pixels = makePixels('int32', 50_000, 'eiger', 3);
    const first = encodeByteOffset(pixels);
    const second = encodeByteOffset(pixels);
    expect(first.buffer).not.toBe(second.buffer);
    expect(first.byteOffset).toBe(0);
    expect(first.buffer.byteLength).toBe(first.length);
    const decoded = decodeByteOffset(first, 'int32', pixels.length);
    expect(decoded.byteOffset).toBe(0);
    expect(decoded.buffer.byteLength).toBe(decoded.byteLength);
    const moved = structuredClone({ payload: first, pixels: decoded }, { transfer: [first.buffer as ArrayBuffer, decoded.buffer as ArrayBuffer] });
    expect(first.length).toBe(0); // detached: the buffers really moved
    expect(decoded.length).toBe(0);
    expect(sameBytes(moved.payload, second)).toBe(true);
    expect(moved.pixels).toEqual(pixels);
  });

  it('decodes into a caller buffer, which sets dtype and count', () => {
    const pixels = makePixels('uint16', 5_000, 'walk', 9);
    const payload = encodeByteOffset(pixels);
    const out = new Uint16Array(5_000);
    decodeByteOffsetInto(payload, out);
    expect(out).toEqual(pixels);
  });

  it('carries the delta chain across kernel blocks (2^16 values)', () => {
    for (const dtype of ['int16', 'uint32', 'int32'] as const) {
      const count = 3 * 65536 + 5;
      const pixels = makePixels(dtype, count, 'walk', 11);
      // Escapes right at the block edges.
      const { max, min } = dtypeInfo(dtype);
      for (const edge of [65535, 65536, 131071, 131072]) pixels[edge] = edge % 2 ? max : min;
      const payload = encodeByteOffset(pixels);
      expect(samePixels(decodeByteOffset(payload, dtype, count), pixels)).toBe(true);
    }
  });
});
