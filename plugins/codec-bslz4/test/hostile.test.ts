import { BeamstackError, ErrorCodes, type DType, type FrameInfo } from '@beamstack/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prng, sameBytes } from '@beamstack/testkit/data';
import { bslz4Codec } from '../src/index.js';
import { makePixels } from './pixels.js';

const ctx = { options: { blockSize: 0 } };

/** Decodes and returns the BeamstackError DECODE it must throw, or null if the chunk decoded. */
function decodeOutcome(bytes: Uint8Array, info: FrameInfo): BeamstackError | null {
  try {
    bslz4Codec.decode(bytes, info, ctx);
    return null;
  } catch (error) {
    // A RangeError/TypeError or anything else escaping here is a bug in the decoder.
    expect(error).toBeInstanceOf(BeamstackError);
    const coded = error as BeamstackError;
    expect(coded.code).toBe(ErrorCodes.DECODE);
    expect(coded.context.codec).toBe('bslz4');
    return coded;
  }
}

function expectRejected(bytes: Uint8Array, info: FrameInfo, message?: RegExp): void {
  const error = decodeOutcome(bytes, info);
  expect(error, 'chunk was accepted').not.toBeNull();
  if (message) expect(error!.message).toMatch(message);
}

function encoded(dtype: DType, height: number, width: number, blockSize = 0) {
  const info: FrameInfo = { shape: [height, width], dtype };
  const pixels = makePixels(dtype, height * width, 'eiger', height * width);
  return { info, pixels, chunk: bslz4Codec.encode(pixels, info, { options: { blockSize } }) };
}

function withUint32(chunk: Uint8Array, at: number, value: number): Uint8Array {
  const copy = chunk.slice();
  new DataView(copy.buffer).setUint32(at, value);
  return copy;
}

describe('bslz4 decode on hostile input', () => {
  it('rejects empty and header-only input', () => {
    const info: FrameInfo = { shape: [4, 4], dtype: 'uint16' };
    expectRejected(new Uint8Array(0), info, /shorter than the 12-byte header/);
    expectRejected(new Uint8Array(11), info, /shorter than the 12-byte header/);
    expectRejected(new Uint8Array(12), info, /header says 0/);
  });

  it('rejects every truncation of a small chunk', () => {
    // 3 blocks of 64 elements + a partial block of 40 + 5 raw elements.
    const { info, chunk } = encoded('uint16', 1, 237, 64);
    for (let cut = 0; cut < chunk.length; cut++) expectRejected(chunk.subarray(0, cut), info);
    expect(decodeOutcome(chunk, info)).toBeNull();
  });

  it('rejects trailing garbage and a chunk for another frame size', () => {
    const { info, chunk } = encoded('uint32', 5, 13);
    const longer = new Uint8Array(chunk.length + 1);
    longer.set(chunk);
    expectRejected(longer, info, /bytes follow the last block/);
    expectRejected(chunk, { shape: [5, 12], dtype: 'uint32' }, /header says 260 uncompressed bytes, the frame has 240/);
    expectRejected(chunk, { shape: [5, 13], dtype: 'uint16' }, /header says/);
  });

  it('rejects oversized or inconsistent header fields without allocating from them', () => {
    // 4096 elements = 2 default blocks, so other block sizes change the framing.
    const { info, chunk } = encoded('uint32', 64, 64);
    expectRejected(withUint32(chunk, 0, 1), info, /header says 4294983680/);
    expectRejected(withUint32(chunk, 0, 0xffffffff), info, /header says/);
    expectRejected(withUint32(chunk, 4, 0xfffffff0), info, /header says/);
    expectRejected(withUint32(chunk, 8, 0), info, /block size 0/);
    expectRejected(withUint32(chunk, 8, 12), info, /not a non-zero multiple of 32/);
    expectRejected(withUint32(chunk, 8, 0xffffffe0), info, /block 0/); // one block of 4096: LZ4 size mismatch
    expectRejected(withUint32(chunk, 8, 32), info); // tiny blocks: framing no longer matches
  });

  it('checks the header before allocating the frame, and codes allocation failures', () => {
    const huge: FrameInfo = { shape: [200_000, 200_000], dtype: 'uint32' }; // 160 GB
    expectRejected(new Uint8Array(12), huge, /header says 0 uncompressed bytes, the frame has 160000000000/);
    const claims = new Uint8Array(12);
    const view = new DataView(claims.buffer);
    view.setUint32(0, Math.floor(160e9 / 2 ** 32));
    view.setUint32(4, 160e9 % 2 ** 32);
    view.setUint32(8, 8192);
    expectRejected(claims, huge, /cannot allocate 40000000000 uint32 pixels/);
  });

  it('rejects block lengths pointing past the end or into the wrong place', () => {
    const { info, chunk } = encoded('uint16', 40, 40, 256);
    expectRejected(withUint32(chunk, 12, 0xffffffff), info, /block 0 claims 4294967295 bytes/);
    expectRejected(withUint32(chunk, 12, chunk.length), info, /claims/);
    expectRejected(withUint32(chunk, 12, 0), info, /block 0/);
    const firstLength = new DataView(chunk.buffer).getUint32(12);
    expectRejected(withUint32(chunk, 12, firstLength - 1), info, /block 0/);
    expectRejected(withUint32(chunk, 12, firstLength + 1), info);
  });

  it('survives random bit flips with a coded error or a decode, never a crash', () => {
    const next = prng(3);
    const cases = [encoded('uint32', 33, 65), encoded('uint16', 20, 201, 512), encoded('uint8', 9, 130), encoded('int32', 1, 21)];
    let rejected = 0;
    for (let trial = 0; trial < 1500; trial++) {
      const { info, chunk } = cases[trial % cases.length]!;
      const damaged = chunk.slice();
      const flips = 1 + Math.floor(next() * 4);
      for (let f = 0; f < flips; f++) damaged[Math.floor(next() * damaged.length)]! ^= 1 << Math.floor(next() * 8);
      if (decodeOutcome(damaged, info)) rejected++;
    }
    // Flips inside literals decode to other pixels; flips in the framing or tokens must be caught.
    expect(rejected).toBeGreaterThan(400);
  });

  it('handles arbitrary bytes after a valid header (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom<DType>('uint8', 'uint16', 'uint32'), (body, dtype) => {
        const size = { uint8: 1, uint16: 2, uint32: 4 }[dtype as 'uint8' | 'uint16' | 'uint32'];
        const chunk = new Uint8Array(12 + body.length);
        const view = new DataView(chunk.buffer);
        view.setUint32(4, 100 * size);
        view.setUint32(8, 64 * size);
        chunk.set(body, 12);
        decodeOutcome(chunk, { shape: [10, 10], dtype });
      }),
      { numRuns: 1000 },
    );
  });

  it('still decodes the intact chunks afterwards (no state left behind by failures)', () => {
    const { info, pixels, chunk } = encoded('uint16', 40, 40, 256);
    expectRejected(withUint32(chunk, 12, 5), info);
    expect(sameBytes(bslz4Codec.decode(chunk, info, ctx), pixels)).toBe(true);
  });
});
