import { BeamstackError, ErrorCodes, type DType, type FrameInfo } from '@beamstack/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prng, sameBytes, samplePixels } from '@beamstack/testkit/data';
import { lz4Codec } from '../src/index.js';

const ctx = { options: { blockSize: 0 } };

/** Decodes; returns the DECODE error it must throw, or null when the chunk was accepted. */
function decodeOutcome(bytes: Uint8Array, info: FrameInfo): BeamstackError | null {
  try {
    lz4Codec.decode(bytes, info, ctx);
    return null;
  } catch (error) {
    // A RangeError, TypeError or anything else escaping here is a decoder bug.
    expect(error).toBeInstanceOf(BeamstackError);
    const coded = error as BeamstackError;
    expect(coded.code).toBe(ErrorCodes.DECODE);
    expect(coded.context.codec).toBe('lz4');
    expect(coded.message.length).toBeGreaterThan(10);
    return coded;
  }
}

function expectRejected(bytes: Uint8Array, info: FrameInfo, message?: RegExp): BeamstackError {
  const error = decodeOutcome(bytes, info);
  expect(error, 'chunk was accepted').not.toBeNull();
  if (message) expect(error!.message).toMatch(message);
  return error!;
}

function encoded(dtype: DType, height: number, width: number, blockSize: number, pattern: 'counts' | 'masked' = 'counts') {
  const info: FrameInfo = { shape: [height, width], dtype };
  const pixels = samplePixels(dtype, height * width, pattern, height * width);
  return { info, pixels, chunk: lz4Codec.encode(pixels, info, { options: { blockSize } }) };
}

function withUint32(chunk: Uint8Array, at: number, value: number): Uint8Array {
  const copy = chunk.slice();
  new DataView(copy.buffer).setUint32(at, value);
  return copy;
}

describe('lz4 decode on hostile input', () => {
  it('rejects empty, short and header-only input', () => {
    const info: FrameInfo = { shape: [4, 4], dtype: 'uint16' };
    expectRejected(new Uint8Array(0), info, /shorter than the 12-byte header/);
    expectRejected(new Uint8Array(11), info, /shorter than the 12-byte header/);
    expectRejected(new Uint8Array(12), info, /header says 0 uncompressed bytes, the frame has 32/);
  });

  it('rejects every truncation of a small multi-block chunk (LZ4 and raw blocks)', () => {
    // 1 x 150 uint16 = 300 bytes in 64-byte blocks: 4 full + one of 44; the masked pattern
    // gives LZ4 blocks, a random tail would be raw: check both kinds are present.
    const { info, chunk } = encoded('uint16', 1, 150, 64, 'masked');
    for (let cut = 0; cut < chunk.length; cut++) expectRejected(chunk.subarray(0, cut), info);
    expect(decodeOutcome(chunk, info)).toBeNull();

    const random = samplePixels('uint8', 100, 'random', 4);
    const rawInfo: FrameInfo = { shape: [10, 10], dtype: 'uint8' };
    const rawChunk = lz4Codec.encode(random, rawInfo, { options: { blockSize: 32 } });
    expect(rawChunk.length).toBe(12 + 4 * 4 + 100);
    for (let cut = 0; cut < rawChunk.length; cut++) expectRejected(rawChunk.subarray(0, cut), rawInfo);
  });

  it('rejects trailing bytes and chunks meant for another frame', () => {
    const { info, chunk } = encoded('uint32', 5, 13, 0);
    const longer = new Uint8Array(chunk.length + 1);
    longer.set(chunk);
    expectRejected(longer, info, /1 bytes follow the last block/);
    expectRejected(chunk, { shape: [5, 12], dtype: 'uint32' }, /header says 260 uncompressed bytes, the frame has 240/);
    expectRejected(chunk, { shape: [5, 13], dtype: 'uint16' }, /header says 260/);
  });

  it('rejects oversized or inconsistent header fields and lengths', () => {
    const { info, chunk } = encoded('uint16', 32, 32, 256); // 2048 bytes, 8 blocks
    expectRejected(withUint32(chunk, 0, 1), info, /header says 4294969344/);
    expectRejected(withUint32(chunk, 0, 0xffffffff), info, /header says/);
    expectRejected(withUint32(chunk, 4, 0xfffffff0), info, /header says 4294967280/);
    expectRejected(withUint32(chunk, 8, 0), info, /block size is 0/);
    // Another block size no longer matches the stored blocks.
    expectRejected(withUint32(chunk, 8, 1), info);
    expectRejected(withUint32(chunk, 8, 512), info, /bytes follow the last block/);
    expectRejected(withUint32(chunk, 8, 0xffffffff), info, /bytes follow the last block/);
    // Block lengths: past the end, larger than the block, zero, off by one.
    expectRejected(withUint32(chunk, 12, 0xffffffff), info, /block 0 claims 4294967295 bytes but only/);
    expectRejected(withUint32(chunk, 12, 257), info, /block 0 claims 257 bytes, more than its 256/);
    expectRejected(withUint32(chunk, 12, 0), info, /block/);
    const first = new DataView(chunk.buffer, chunk.byteOffset).getUint32(12);
    expectRejected(withUint32(chunk, 12, first - 1), info, /block/);
    expectRejected(withUint32(chunk, 12, first + 1), info, /block/);
  });

  it('rejects broken LZ4 data inside well-framed blocks, naming the block', () => {
    const { info, chunk } = encoded('uint16', 32, 32, 256); // 8 LZ4 blocks
    const view = new DataView(chunk.buffer, chunk.byteOffset);
    const second = 12 + 4 + view.getUint32(12); // where block 1's length is
    const broken = chunk.slice();
    broken[second + 4] = 0xf0; // block 1's first token: 15+ literals, more than the block holds
    broken[second + 5] = 0xff;
    const error = expectRejected(broken, info, /LZ4 block 1 literals-past-(input|output)/);
    expect(error.message).toMatch(/positions count from the end of the 12-byte header/);
    expect((error.cause as Error).cause).toMatchObject({ name: 'Lz4DecodeError', block: 1 });
  });

  it('refuses a raw-length block whose bytes do not match the frame size, without reading past the input', () => {
    // One 16-byte frame stored raw, claimed with a length one byte longer than what is present.
    const chunk = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 16, 0, 0, 0, 16, 0, 0, 0, 16, ...new Array<number>(15).fill(7)]);
    expectRejected(chunk, { shape: [4, 4], dtype: 'uint8' }, /claims 16 bytes but only 15 remain/);
  });

  it('checks the header before allocating the frame, and codes allocation failures', () => {
    const huge: FrameInfo = { shape: [200_000, 200_000], dtype: 'uint32' }; // 160 GB
    // A tiny chunk claiming 160 GB is refused by the header check alone...
    expectRejected(new Uint8Array(16), huge, /header says 0 uncompressed bytes, the frame has 160000000000/);
    // ...and a header that does claim 160 GB fails to allocate: still a DECODE error.
    const claim = new Uint8Array(16);
    const view = new DataView(claim.buffer);
    view.setBigUint64(0, 160_000_000_000n);
    view.setUint32(8, 8192);
    expectRejected(claim, huge, /cannot allocate/);
    expectRejected(new Uint8Array(12), { shape: [-1, 3], dtype: 'uint8' }, /invalid frame shape/);
    expectRejected(new Uint8Array(12), { shape: [1, 3], dtype: 'float32' as DType }, /not supported/);
  });

  it('survives random bit flips: each result is a correct frame or a coded DECODE error', () => {
    const { info, pixels, chunk } = encoded('uint16', 24, 40, 256, 'masked');
    const next = prng(99);
    let rejected = 0;
    let unchanged = 0;
    for (let trial = 0; trial < 1500; trial++) {
      const corrupt = chunk.slice();
      const flips = 1 + Math.floor(next() * 3);
      for (let f = 0; f < flips; f++) corrupt[Math.floor(next() * corrupt.length)]! ^= 1 << Math.floor(next() * 8);
      const error = decodeOutcome(corrupt, info);
      if (error) {
        rejected++;
      } else {
        // Flips inside raw blocks or literals pass unseen (32004 has no checksum), but the
        // result is always exactly one frame.
        const decoded = lz4Codec.decode(corrupt, info, ctx);
        expect(decoded.byteLength).toBe(pixels.byteLength);
        if (sameBytes(decoded, pixels)) unchanged++;
      }
    }
    expect(rejected).toBeGreaterThan(500);
    expect(rejected + unchanged).toBeLessThan(1500);
  });

  it('survives arbitrary bodies after a valid header (property)', () => {
    const info: FrameInfo = { shape: [8, 16], dtype: 'uint16' };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.uint8Array({ maxLength: 400 }), (blockBytes, body) => {
        const chunk = new Uint8Array(12 + body.length);
        const view = new DataView(chunk.buffer);
        view.setUint32(4, 256);
        view.setUint32(8, blockBytes);
        chunk.set(body, 12);
        decodeOutcome(chunk, info);
      }),
      { numRuns: 2000 },
    );
  });

  it('ends quickly on many tiny blocks that run out of input', () => {
    // A 1-byte block size over an 18 MB frame would mean 18 M blocks; the input runs out first.
    const info: FrameInfo = { shape: [2167, 2070], dtype: 'uint32' };
    const chunk = new Uint8Array(12 + 5 * 1000);
    const view = new DataView(chunk.buffer);
    view.setUint32(4, 2167 * 2070 * 4);
    view.setUint32(8, 1);
    for (let b = 0; b < 1000; b++) {
      view.setUint32(12 + 5 * b, 1);
      chunk[16 + 5 * b] = 3;
    }
    expectRejected(chunk, info, /chunk ends inside the length of block 1000/);
  });
});
