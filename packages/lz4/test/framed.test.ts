import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eigerLikeFrame, randomBytes } from '@beamstack/testkit/data';
import { Lz4DecodeError, framedBlocksBound, lz4CompressBound, type Lz4DecodeReason, type Lz4Kernel } from '../src/index.js';
import { allKernels } from './kernels.js';

/** The block lengths of a framed buffer (big-endian uint32 before each payload). */
function lengths(framed: Uint8Array, blocks: number, prefix = 0): number[] {
  const view = new DataView(framed.buffer, framed.byteOffset, framed.byteLength);
  const out: number[] = [];
  let pos = prefix;
  for (let i = 0; i < blocks; i++) {
    const length = view.getUint32(pos);
    out.push(length);
    pos += 4 + length;
  }
  expect(pos).toBe(framed.length);
  return out;
}

function failure(run: () => unknown): Lz4DecodeError {
  try {
    run();
  } catch (error) {
    if (error instanceof Lz4DecodeError) return error;
    throw error;
  }
  throw new Error('did not throw');
}

describe.each(allKernels().map((kernel) => [kernel.name, kernel] as const))('framed blocks, %s kernel', (_name, kernel: Lz4Kernel) => {
  const raw = new Uint8Array(eigerLikeFrame(64, 300, 4).buffer); // 76 800 bytes of detector data

  it('cuts the input into blocks (last one shorter) with big-endian lengths, and round-trips', () => {
    const framed = kernel.encodeFramedBlocks(raw, 8192);
    const sizes = lengths(framed, 10);
    expect(sizes.every((size) => size > 0 && size < 8192)).toBe(true);
    expect(framed.length).toBeLessThanOrEqual(framedBlocksBound(raw.length, 8192));
    const back = new Uint8Array(raw.length);
    expect(kernel.decodeFramedBlocks(framed, back, 8192)).toBe(framed.length);
    expect(Buffer.compare(back, raw)).toBe(0);
    // Each payload is the plain LZ4 block of its slice.
    const dst = new Uint8Array(lz4CompressBound(8192));
    const first = dst.slice(0, kernel.encodeBlock(raw.subarray(0, 8192), dst));
    expect(Buffer.compare(framed.subarray(4, 4 + sizes[0]!), first)).toBe(0);
  });

  it('stores incompressible blocks raw with storeRaw (HDF5 32004) and reads them back', () => {
    const data = new Uint8Array(20_000);
    data.set(randomBytes(8192, 5), 0); // block 0: random, stored
    data.fill(7, 8192); // blocks 1-2: compressible
    const framed = kernel.encodeFramedBlocks(data, 8192, { storeRaw: true });
    const sizes = lengths(framed, 3);
    expect(sizes[0]).toBe(8192);
    expect(Buffer.compare(framed.subarray(4, 4 + 8192), data.subarray(0, 8192))).toBe(0);
    expect(sizes[1]).toBeLessThan(100);
    const back = new Uint8Array(data.length);
    kernel.decodeFramedBlocks(framed, back, 8192, { storeRaw: true });
    expect(Buffer.compare(back, data)).toBe(0);
    // Without storeRaw the random block is an LZ4 block of 8192 + 33 bytes.
    expect(lengths(kernel.encodeFramedBlocks(data, 8192), 3)[0]).toBe(8192 + 2 + Math.floor((8192 - 15) / 255));
  });

  it('leaves prefixBytes zero bytes for the caller header and handles empty input', () => {
    const framed = kernel.encodeFramedBlocks(raw, 8192, { prefixBytes: 12 });
    expect(Array.from(framed.subarray(0, 12))).toEqual(new Array(12).fill(0));
    expect(Buffer.compare(framed.subarray(12), kernel.encodeFramedBlocks(raw, 8192))).toBe(0);
    expect(kernel.encodeFramedBlocks(new Uint8Array(0), 8192, { prefixBytes: 12 })).toEqual(new Uint8Array(12));
    expect(kernel.decodeFramedBlocks(new Uint8Array(0), new Uint8Array(0), 8192)).toBe(0);
  });

  it('reports consumed bytes so callers can reject trailing data', () => {
    const framed = kernel.encodeFramedBlocks(raw, 4096);
    const longer = new Uint8Array(framed.length + 5);
    longer.set(framed);
    expect(kernel.decodeFramedBlocks(longer, new Uint8Array(raw.length), 4096)).toBe(framed.length);
  });

  it('refuses impossible block sizes and prefixes', () => {
    expect(() => kernel.encodeFramedBlocks(raw, 0)).toThrow(RangeError);
    expect(() => kernel.encodeFramedBlocks(raw, 1.5)).toThrow(RangeError);
    expect(() => kernel.encodeFramedBlocks(raw, 2 ** 32)).toThrow(RangeError);
    expect(() => kernel.encodeFramedBlocks(raw, 8192, { prefixBytes: -1 })).toThrow(RangeError);
    expect(() => kernel.decodeFramedBlocks(new Uint8Array(4), new Uint8Array(4), 0)).toThrow(RangeError);
  });

  it('names the block and absolute positions of malformed input', () => {
    const framed = kernel.encodeFramedBlocks(raw, 8192);
    const sizes = lengths(framed, 10);
    const out = new Uint8Array(raw.length);
    const expectReason = (input: Uint8Array, reason: Lz4DecodeReason, block: number) => {
      const error = failure(() => kernel.decodeFramedBlocks(input, out, 8192));
      expect(error.reason).toBe(reason);
      expect(error.block).toBe(block);
      expect(error.message).toContain(`LZ4 block ${block} ${reason}`);
      return error;
    };
    const cut = 4 + sizes[0]! + 2; // inside block 1's length field
    expect(expectReason(framed.subarray(0, cut), 'truncated-block-length', 1).inputPosition).toBe(cut - 2);
    const huge = framed.slice();
    new DataView(huge.buffer).setUint32(4 + sizes[0]!, 0xffff_fff0);
    const past = expectReason(huge, 'block-past-input', 1);
    expect(past.inputPosition).toBe(4 + sizes[0]!);
    expect(past.outputPosition).toBe(8192);
    const zeroed = framed.slice();
    zeroed[4 + sizes[0]! + 4] = 0x00; // block 1 starts with a 0-literal, 0-match token
    const inner = failure(() => kernel.decodeFramedBlocks(zeroed, out, 8192));
    expect(inner.block).toBe(1);
    expect(inner.inputPosition).toBeGreaterThanOrEqual(4 + sizes[0]! + 4);
    expect(inner.outputPosition).toBeGreaterThanOrEqual(8192);
    const larger = failure(() => kernel.decodeFramedBlocks(framed, new Uint8Array(raw.length + 1), 8192));
    expect([larger.reason, larger.block]).toEqual(['output-size-mismatch', 9]);
  });

  it('survives random framed input (property): a decode or a typed error, nothing else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.integer({ min: 0, max: 3000 }), fc.boolean(), (input, size, storeRaw) => {
        try {
          kernel.decodeFramedBlocks(input, new Uint8Array(size), 512, { storeRaw });
        } catch (error) {
          expect(error).toBeInstanceOf(Lz4DecodeError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
