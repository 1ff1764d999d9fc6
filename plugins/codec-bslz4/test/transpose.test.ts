import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bitshuffleReference, bitunshuffleReference, prng } from '@beamstack/testkit/data';
import type { Bslz4Kernel } from '../src/index.js';
import { itHasWasmKernel, kernelCases } from './kernels.js';

itHasWasmKernel();

/** Block contents that exercise every kernel branch (all-zero groups, narrow values, full width). */
function blockBytes(count: number, elemSize: number, pattern: number, seed: number): Uint8Array {
  const next = prng(seed);
  const bytes = new Uint8Array(count * elemSize);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < elemSize; j++) {
      let value: number;
      if (pattern === 0) value = Math.floor(next() * 256);
      else if (pattern === 1) value = j === 0 ? Math.floor(next() * 4) : 0; // small counts
      else if (pattern === 2) value = j < 2 ? Math.floor(next() * 256) : 0; // < 2^16
      else if (pattern === 3) value = i % 40 < 5 ? 255 : j === 0 && next() < 0.3 ? 1 : 0; // gaps
      else value = (i >> 5) % 2 === 0 ? 0 : Math.floor(next() * 256); // alternate empty groups
      bytes[i * elemSize + j] = value;
    }
  }
  return bytes;
}

/** A view at `misalign` bytes past a 16-byte boundary, to reach the unaligned paths. */
function placed(bytes: Uint8Array, misalign: number): Uint8Array {
  const backing = new Uint8Array(bytes.length + 16);
  const view = backing.subarray(misalign, misalign + bytes.length);
  view.set(bytes);
  return view;
}

describe.each(kernelCases())('bit transpose, %s kernel', (_name, kernel: Bslz4Kernel) => {
  const bitshuffleBlock = kernel.bitshuffle;
  const bitunshuffleBlock = kernel.bitunshuffle;

  const counts = [0, 8, 16, 24, 32, 40, 64, 96, 136, 200, 1024, 2048, 2056, 3312, 4096];
  it.each([1, 2, 4, 8])('match the per-bit reference for %i-byte elements (all kernels, alignments)', (elemSize) => {
    let checked = 0;
    for (const count of counts) {
      for (let pattern = 0; pattern < 5; pattern++) {
        const bytes = blockBytes(count, elemSize, pattern, count * 10 + pattern);
        const expected = bitshuffleReference(bytes, elemSize);
        for (const [srcShift, dstShift] of [[0, 0], [2, 0], [0, 4], [1, 3], [4, 8]] as const) {
          const src = placed(bytes, srcShift);
          const dst = placed(new Uint8Array(bytes.length).fill(0x5a), dstShift);
          bitshuffleBlock(src, dst, elemSize);
          expect(Buffer.compare(dst, expected), `forward s=${elemSize} n=${count} p=${pattern}`).toBe(0);
          expect(Buffer.compare(src, bytes)).toBe(0);
          const back = placed(new Uint8Array(bytes.length).fill(0xa5), srcShift);
          bitunshuffleBlock(dst, back, elemSize);
          expect(Buffer.compare(back, bytes), `inverse s=${elemSize} n=${count} p=${pattern}`).toBe(0);
          checked++;
        }
      }
    }
    expect(checked).toBe(counts.length * 5 * 5);
  });

  it('reproduces the shuffled rows of FORMATS.md §3.5', () => {
    const values = new Uint32Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 255, 256, 65535, 0x01020304]);
    const out = new Uint8Array(64);
    bitshuffleBlock(new Uint8Array(values.buffer), out, 4);
    const rows = Array.from({ length: 32 }, (_, r) => Buffer.from(out.subarray(2 * r, 2 * r + 2)).toString('hex'));
    expect(rows.slice(0, 10)).toEqual(['aa5a', 'cc5c', 'f0d0', '005f', '0050', '0050', '0050', '0050', '00e0', '00c0']);
    expect(rows.slice(10, 16)).toEqual(Array(6).fill('0040'));
    expect(rows.slice(16, 18)).toEqual(['0000', '0080']);
    expect(rows[24]).toBe('0080');
    expect(rows.filter((row) => row === '0000')).toHaveLength(6 + 1 + 7);
  });

  it('round-trips arbitrary blocks (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 2, 4, 8),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 7 }),
        fc.integer(),
        (elemSize, groups, misalign, seed) => {
          const bytes = blockBytes(groups * 8, elemSize, Math.abs(seed) % 5, seed);
          const dst = placed(new Uint8Array(bytes.length), misalign);
          bitshuffleBlock(placed(bytes, misalign), dst, elemSize);
          expect(Buffer.compare(dst, bitshuffleReference(bytes, elemSize))).toBe(0);
          const back = new Uint8Array(bytes.length);
          bitunshuffleBlock(dst, back, elemSize);
          expect(Buffer.compare(back, bytes)).toBe(0);
          expect(Buffer.compare(bitunshuffleReference(dst, elemSize), bytes)).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses blocks that are not whole groups of 8 elements', () => {
    expect(() => bitshuffleBlock(new Uint8Array(12), new Uint8Array(12), 4)).toThrow(RangeError);
    expect(() => bitunshuffleBlock(new Uint8Array(16), new Uint8Array(8), 2)).toThrow(RangeError);
  });
});
