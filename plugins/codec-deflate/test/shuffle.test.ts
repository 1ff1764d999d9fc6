import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prng } from '@beamstack/testkit/data';
import { adler32, byteShuffle, byteUnshuffle } from '../src/index.js';

/** The HDF5 shuffle by its definition (FORMATS §5): out[j*n + i] = in[i*s + j], tail bytes copied. */
function shuffleReference(src: Uint8Array, elemSize: number): Uint8Array {
  const n = Math.floor(src.length / elemSize);
  const out = src.slice();
  for (let i = 0; i < n; i++) for (let j = 0; j < elemSize; j++) out[j * n + i] = src[i * elemSize + j]!;
  return out;
}

function randomBytes(length: number, seed: number): Uint8Array {
  const next = prng(seed);
  return Uint8Array.from({ length }, () => Math.floor(next() * 256));
}

/** A view of `bytes` starting `offset` bytes into a bigger buffer (to exercise misalignment). */
function shifted(bytes: Uint8Array, offset: number): Uint8Array {
  const holder = new Uint8Array(bytes.length + offset + 3);
  holder.set(bytes, offset);
  return holder.subarray(offset, offset + bytes.length);
}

describe('HDF5 byte shuffle', () => {
  it('matches the definition for element sizes 1/2/4/8, all lengths up to 70 bytes and every alignment', () => {
    for (const elemSize of [1, 2, 4, 8]) {
      for (let length = 0; length <= 70; length++) {
        for (const offset of [0, 1, 2, 3]) {
          const src = shifted(randomBytes(length, length * 31 + elemSize), offset);
          const dst = shifted(new Uint8Array(length), (offset + 1) % 4);
          byteShuffle(src, dst, elemSize);
          expect([...dst], `s=${elemSize} len=${length} off=${offset}`).toEqual([...shuffleReference(src, elemSize)]);
          const back = shifted(new Uint8Array(length), (offset + 2) % 4);
          byteUnshuffle(dst, back, elemSize);
          expect([...back]).toEqual([...src]);
        }
      }
    }
  });

  it('groups all first bytes, then all second bytes (uint16 example)', () => {
    const src = new Uint8Array(Uint16Array.of(0x0201, 0x0403, 0x0605, 0x0807, 0x0a09).buffer);
    const dst = new Uint8Array(10);
    byteShuffle(src, dst, 2);
    expect([...dst]).toEqual([1, 3, 5, 7, 9, 2, 4, 6, 8, 10]);
  });

  it('matches the definition on frame-sized data whose plane offsets are not word-aligned (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(2, 4), fc.integer({ min: 0, max: 3000 }), fc.nat(), (elemSize, n, seed) => {
        const src = randomBytes(n * elemSize, seed);
        const dst = new Uint8Array(src.length);
        byteShuffle(src, dst, elemSize);
        expect(Buffer.compare(dst, shuffleReference(src, elemSize))).toBe(0);
        const back = new Uint8Array(src.length);
        byteUnshuffle(dst, back, elemSize);
        expect(Buffer.compare(back, src)).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses buffers of different lengths', () => {
    expect(() => byteShuffle(new Uint8Array(8), new Uint8Array(4), 2)).toThrow(RangeError);
  });
});

describe('Adler-32', () => {
  it('gives the RFC 1950 values and equals the trailer zlib writes', () => {
    expect(adler32(new Uint8Array(0))).toBe(1);
    expect(adler32(new TextEncoder().encode('Wikipedia'))).toBe(0x11e60398);
    for (const length of [1, 100, 5551, 5552, 5553, 100_000, 1_000_003]) {
      const data = randomBytes(length, length);
      if (length === 100_000) data.fill(255); // the largest sums per byte
      const stream = deflateSync(data);
      const trailer = stream.readUInt32BE(stream.length - 4);
      expect(adler32(data), `length ${length}`).toBe(trailer);
    }
  });
});
