import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomBytes } from '@beamstack/testkit/data';
import { LAST_LITERALS, MATCH_START_MARGIN, MAX_OFFSET, lz4CompressBound, type Lz4Kernel } from '../src/index.js';
import { lz4Corpus } from './corpus.js';
import { allKernels, itHasWasmKernel } from './kernels.js';
import { parseSequences } from './sequences.js';

itHasWasmKernel();

describe.each(allKernels().map((kernel) => [kernel.name, kernel] as const))('%s kernel', (_name, kernel: Lz4Kernel) => {
  const { encodeBlock, decodeBlock } = kernel;

  function encode(data: Uint8Array): Uint8Array {
    const dst = new Uint8Array(lz4CompressBound(data.length));
    return dst.slice(0, encodeBlock(data, dst));
  }

  function decode(block: Uint8Array, size: number): Uint8Array {
    const out = new Uint8Array(size);
    expect(decodeBlock(block, out)).toBe(size);
    return out;
  }

  /** The rules of FORMATS.md §1 every block we emit must follow. */
  function expectReferenceRules(block: Uint8Array, length: number): void {
    const sequences = parseSequences(block);
    const violations: string[] = [];
    if (sequences[sequences.length - 1]!.offset !== 0) violations.push('last sequence has a match');
    if (length < MATCH_START_MARGIN + 1 && sequences.length !== 1) violations.push('short block has matches');
    for (const { offset, matchAt, matchLength } of sequences.slice(0, -1)) {
      if (offset < 1 || offset > Math.min(MAX_OFFSET, matchAt)) violations.push(`offset ${offset} at ${matchAt}`);
      if (matchAt >= length - MATCH_START_MARGIN) violations.push(`match starts at ${matchAt} of ${length}`);
      if (matchAt + matchLength > length - LAST_LITERALS) violations.push(`match ends at ${matchAt + matchLength} of ${length}`);
    }
    expect(violations).toEqual([]);
  }

  const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));

  /** The 37-byte LZ4 block inside the 16 x uint32 chunk of FORMATS.md §3.5 (made by liblz4). */
  const WORKED_BLOCK = 'a3aa5acc5cf0d0005f0050020057e000 c00040020048000080000100060e0050 0000000000';

  describe('decodeBlock', () => {
    it('decodes the worked block of FORMATS.md §1/§3.5 (overlapping copies)', () => {
      const block = hex(WORKED_BLOCK);
      const out = decode(block, 64);
      expect(Buffer.from(out.subarray(0, 17)).toString('hex')).toBe('aa5acc5cf0d0005f0050' + '00500050005000');
      const rows = [
        'aa5a', 'cc5c', 'f0d0', '005f', '0050', '0050', '0050', '0050',
        '00e0', '00c0', '0040', '0040', '0040', '0040', '0040', '0040',
        '0000', '0080', '0000', '0000', '0000', '0000', '0000', '0000',
        '0080', '0000', '0000', '0000', '0000', '0000', '0000', '0000',
      ];
      expect(Buffer.from(out).toString('hex')).toBe(rows.join(''));
    });

    it('decodes a stored (literal-only) block and the empty block', () => {
      const data = randomBytes(300, 1);
      const stored = new Uint8Array([0xf0, 255, 300 - 15 - 255, ...data]);
      expect(decode(stored, 300)).toEqual(data);
      expect(decode(new Uint8Array([0]), 0)).toEqual(new Uint8Array(0));
    });
  });

  describe('encodeBlock', () => {
    it('encodes the §3.5 shuffled block exactly as liblz4 did', () => {
      const shuffled = decode(hex(WORKED_BLOCK), 64);
      expect(Buffer.from(encode(shuffled)).toString('hex')).toBe(WORKED_BLOCK.replace(/\s+/g, ''));
    });

    it('round-trips the corpus and follows the reference-decoder rules', () => {
      for (const { name, data } of lz4Corpus()) {
        const block = encode(data);
        expect(block.length, name).toBeLessThanOrEqual(lz4CompressBound(data.length));
        expect(Buffer.compare(decode(block, data.length), data), name).toBe(0);
        expectReferenceRules(block, data.length);
      }
    });

    it('compresses zeros and repeats, and never returns 0 for incompressible input', () => {
      expect(encode(new Uint8Array(8192)).length).toBeLessThan(60);
      for (const n of [1, 14, 15, 16, 269, 270, 8192]) {
        const block = encode(randomBytes(n, n));
        expect(block.length).toBeGreaterThan(0);
        // Random data stays stored: n + token + length-extension bytes.
        expect(block.length).toBe(n < 15 ? n + 1 : n + 2 + Math.floor((n - 15) / 255));
      }
    });

    it('encodes blocks shorter than 13 bytes as literals only', () => {
      for (let n = 0; n < 13; n++) {
        const block = encode(new Uint8Array(n));
        expect(block.length).toBe(n + 1);
        expect(block[0]).toBe(n << 4);
      }
    });

    it('does not depend on earlier calls (shared hash table) and leaves the input untouched', () => {
      const a = randomBytes(5000, 1);
      const b = new Uint8Array(5000);
      b.set(a.subarray(0, 2500), 2500);
      const alone = encode(b);
      encode(a);
      const copy = b.slice();
      expect(encode(b)).toEqual(alone);
      expect(b).toEqual(copy);
    });

    it('encodes views at any offset of a shared buffer', () => {
      const backing = new Uint8Array(10_000);
      for (let i = 0; i < backing.length; i++) backing[i] = (i >> 5) & 3;
      for (const offset of [0, 1, 2, 3, 5, 4093]) {
        const view = backing.subarray(offset, offset + 4000);
        expect(decode(encode(view), view.length)).toEqual(view);
      }
    });

    it('refuses a destination smaller than the bound', () => {
      expect(() => encodeBlock(new Uint8Array(100), new Uint8Array(100))).toThrow(RangeError);
    });

    it('round-trips arbitrary data (property)', () => {
      const bytes = fc.oneof(
        fc.uint8Array({ maxLength: 3000 }),
        // Low-entropy data produces many matches, overlapping ones included.
        fc.array(fc.constantFrom(0, 1, 2, 255), { maxLength: 3000 }).map((values) => Uint8Array.from(values)),
        fc
          .tuple(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 200 }))
          .map(([unit, times]) => {
            const out = new Uint8Array(unit.length * times);
            for (let i = 0; i < times; i++) out.set(unit, i * unit.length);
            return out;
          }),
      );
      fc.assert(
        fc.property(bytes, (data) => {
          const block = encode(data);
          expect(decode(block, data.length)).toEqual(data);
          expectReferenceRules(block, data.length);
        }),
        { numRuns: 300 },
      );
    });
  });

});

describe('lz4CompressBound', () => {
  it('is n + n/255 + 16 and refuses impossible sizes', () => {
    expect(lz4CompressBound(0)).toBe(16);
    expect(lz4CompressBound(8192)).toBe(8192 + 32 + 16);
    expect(() => lz4CompressBound(-1)).toThrow(RangeError);
    expect(() => lz4CompressBound(1.5)).toThrow(RangeError);
  });
});
