import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prng } from '@beamstack/testkit/data';
import { Lz4DecodeError, lz4CompressBound, type Lz4DecodeReason, type Lz4Kernel } from '../src/index.js';
import { lz4Corpus } from './corpus.js';
import { allKernels } from './kernels.js';

describe.each(allKernels().map((kernel) => [kernel.name, kernel] as const))('%s kernel', (_name, kernel: Lz4Kernel) => {
  const { encodeBlock, decodeBlock } = kernel;

  const GUARD = 64;
  const SENTINEL = 0xa5;

  /**
   * Decodes into the middle of a larger buffer filled with a sentinel, so any write outside `dst`
   * would show. Returns the thrown error (or null when the block decoded).
   */
  function decodeGuarded(block: Uint8Array, size: number): Lz4DecodeError | null {
    const backing = new Uint8Array(size + 2 * GUARD).fill(SENTINEL);
    const dst = backing.subarray(GUARD, GUARD + size);
    let failure: Lz4DecodeError | null = null;
    try {
      expect(decodeBlock(block, dst)).toBe(size);
    } catch (error) {
      if (!(error instanceof Lz4DecodeError)) throw error;
      failure = error;
    }
    let touched = 0;
    for (let i = 0; i < GUARD; i++) {
      if (backing[i] !== SENTINEL || backing[GUARD + size + i] !== SENTINEL) touched++;
    }
    expect(touched, 'bytes written outside the output').toBe(0);
    return failure;
  }

  function expectReason(block: number[] | Uint8Array, size: number, reason: Lz4DecodeReason): void {
    const error = decodeGuarded(Uint8Array.from(block), size);
    expect(error, `expected ${reason}`).not.toBeNull();
    expect(error!.reason).toBe(reason);
  }

  function encode(data: Uint8Array): Uint8Array {
    const dst = new Uint8Array(lz4CompressBound(data.length));
    return dst.slice(0, encodeBlock(data, dst));
  }

  describe('decodeBlock on hostile input', () => {
    it('names the reason for each kind of malformed block', () => {
      expectReason([], 0, 'empty-input');
      expectReason([], 10, 'empty-input');
      expectReason([0xf0], 20, 'truncated-length'); // literal extension missing
      expectReason([0xf0, 255, 255], 600, 'truncated-length');
      expectReason([0x50, 1, 2, 3], 5, 'literals-past-input');
      expectReason([0x30, 1, 2, 3], 2, 'literals-past-output');
      expectReason([0x10, 7, 0x00], 10, 'truncated-offset');
      expectReason([0x10, 7, 0x00, 0x00, 0x00], 10, 'zero-offset');
      expectReason([0x10, 7, 0x02, 0x00, 0x00], 10, 'offset-before-block-start');
      expectReason([0x10, 7, 0xff, 0xff, 0x00], 10, 'offset-before-block-start');
      expectReason([0x1f, 7, 0x01, 0x00], 30, 'truncated-length'); // match extension missing
      expectReason([0x1f, 7, 0x01, 0x00, 0x10, 0x00], 30, 'match-past-output'); // 1 + 35 > 30
      expectReason([0x10, 7, 0x01, 0x00], 5, 'missing-last-literals'); // ends right after a match
      expectReason([0x10, 7, 0x01, 0x00, 0x00], 10, 'output-size-mismatch'); // 5 of 10 bytes
      expectReason([0x20, 1, 2], 3, 'output-size-mismatch');
    });

    it('rejects every truncation of valid blocks', () => {
      const samples = lz4Corpus().filter((entry, i) => i % 3 === 0 && entry.data.length <= 70_000);
      let accepted = 0;
      let cuts = 0;
      for (const { data } of samples) {
        const block = encode(data);
        // Every cut of small blocks; for big (stored) ones the ends, where the structure is.
        for (let cut = 0; cut < block.length; cut++) {
          if (block.length > 2000 && cut > 300 && cut < block.length - 300) continue;
          if (decodeGuarded(block.subarray(0, cut), data.length) === null) accepted++;
          cuts++;
        }
      }
      expect(cuts).toBeGreaterThan(5000);
      expect(accepted).toBe(0);
    });

    it('rejects a valid block decoded with a wrong size', () => {
      const data = lz4Corpus().find((entry) => entry.name === 'shuffled-eiger-block-0')!.data;
      const block = encode(data);
      expect(decodeGuarded(block, data.length - 1)).not.toBeNull();
      expect(decodeGuarded(block, data.length + 1)).not.toBeNull();
    });

    it('survives bit flips: throws Lz4DecodeError or decodes, never writes outside the output', () => {
      const next = prng(11);
      const sources = lz4Corpus().filter((entry) => entry.data.length >= 64 && entry.data.length <= 70_000);
      let rejected = 0;
      for (let trial = 0; trial < 2000; trial++) {
        const { data } = sources[trial % sources.length]!;
        const block = encode(data);
        const flips = 1 + Math.floor(next() * 3);
        for (let f = 0; f < flips; f++) block[Math.floor(next() * block.length)]! ^= 1 << Math.floor(next() * 8);
        if (decodeGuarded(block, data.length)) rejected++;
      }
      expect(rejected).toBeGreaterThan(500);
    });

    it('terminates quickly on endless length extensions', () => {
      const block = new Uint8Array(1 << 20).fill(255);
      block[0] = 0xf0;
      expectReason(block, 1000, 'truncated-length');
      const match = new Uint8Array(1 << 20).fill(255);
      match.set([0x1f, 7, 0x01, 0x00]);
      expectReason(match, 1 << 22, 'truncated-length');
    });

    it('handles arbitrary bytes (property)', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 200 }), fc.integer({ min: 0, max: 4000 }), (block, size) => {
          decodeGuarded(block, size);
        }),
        { numRuns: 2000 },
      );
    });
  });
});
