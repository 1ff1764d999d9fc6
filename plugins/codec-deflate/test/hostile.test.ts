import { deflateSync } from 'node:zlib';
import { BeamstackError, ErrorCodes, type DType, type FrameInfo } from '@beamstack/contract';
import fc from 'fast-check';
import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { prng, sameBytes, samplePixels } from '@beamstack/testkit/data';
import { deflateCodec } from '../src/index.js';

const ENGINES = ['node', 'fflate'] as const;
type Engine = (typeof ENGINES)[number];

const ctxFor = (engine: Engine, shuffle = true) => ({ options: { level: 1, shuffle, engine } });

/** Decodes; returns the DECODE error it must throw, or null when the chunk was accepted. */
function decodeOutcome(bytes: Uint8Array, info: FrameInfo, engine: Engine, shuffle = true): BeamstackError | null {
  try {
    deflateCodec.decode(bytes, info, ctxFor(engine, shuffle));
    return null;
  } catch (error) {
    // A RangeError, TypeError or anything else escaping here is a decoder bug.
    expect(error).toBeInstanceOf(BeamstackError);
    const coded = error as BeamstackError;
    expect(coded.code).toBe(ErrorCodes.DECODE);
    expect(coded.context.codec).toBe('deflate');
    return coded;
  }
}

function expectRejected(bytes: Uint8Array, info: FrameInfo, engine: Engine, message?: RegExp): BeamstackError {
  const error = decodeOutcome(bytes, info, engine);
  expect(error, `${engine} accepted the chunk`).not.toBeNull();
  if (message) expect(error!.message, engine).toMatch(message);
  return error!;
}

function encoded(dtype: DType, height: number, width: number, engine: Engine) {
  const info: FrameInfo = { shape: [height, width], dtype };
  const pixels = samplePixels(dtype, height * width, 'masked', height * width);
  return { info, pixels, chunk: deflateCodec.encode(pixels, info, ctxFor(engine)) };
}

describe.each(ENGINES)('deflate decode on hostile input (%s engine)', (engine) => {
  it('rejects empty, short and non-zlib input', () => {
    const info: FrameInfo = { shape: [4, 4], dtype: 'uint16' };
    expectRejected(new Uint8Array(0), info, engine, /shorter than a zlib stream/);
    expectRejected(Uint8Array.of(0x78, 0x01, 1, 0, 0), info, engine, /shorter than a zlib stream/);
    expectRejected(Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0), info, engine, /not a zlib deflate stream/); // gzip
    expectRejected(Uint8Array.of(0x78, 0x02, 3, 0, 0, 0, 0, 1), info, engine, /fails its check value/);
    expectRejected(Uint8Array.of(0x78, 0xbb, 0, 0, 0, 1, 3, 0, 0, 0, 0, 1), info, engine, /preset dictionary/);
    // Raw deflate without the zlib wrapper (what some writers wrongly store).
    const raw = deflateSync(new Uint8Array(32)).subarray(2, -4);
    expectRejected(raw, info, engine);
  });

  it('rejects every truncation of a small chunk', () => {
    const { info, chunk } = encoded('uint16', 7, 13, engine);
    for (let cut = 0; cut < chunk.length; cut++) expectRejected(chunk.subarray(0, cut), info, engine);
    expect(decodeOutcome(chunk, info, engine)).toBeNull();
  });

  it('rejects trailing bytes, a bad Adler-32 and a stream for another frame size', () => {
    const { info, chunk } = encoded('uint32', 5, 13, engine);
    for (const extra of [Uint8Array.of(0), Uint8Array.of(1, 2, 3, 4, 5), chunk.subarray(chunk.length - 4)]) {
      const longer = new Uint8Array(chunk.length + extra.length);
      longer.set(chunk);
      longer.set(extra, chunk.length);
      expectRejected(longer, info, engine, /follow the end of the zlib stream|Adler-32|incorrect data check/);
    }
    for (let bit = 0; bit < 32; bit += 7) {
      const bad = chunk.slice();
      bad[bad.length - 1 - (bit >> 3)]! ^= 1 << (bit & 7);
      expectRejected(bad, info, engine, /Adler-32|incorrect data check/);
    }
    expectRejected(chunk, { shape: [5, 14], dtype: 'uint32' }, engine, /inflates to 260 bytes, the frame has 280/);
    expectRejected(chunk, { shape: [5, 12], dtype: 'uint32' }, engine, /more than the frame's 240 bytes/);
    expectRejected(chunk, { shape: [5, 13], dtype: 'uint16' }, engine, /more than the frame's 130 bytes/);
  });

  it('stops a zip bomb at the frame size: 64 MiB of zeros into a 1 KiB frame', () => {
    const bomb = deflateSync(new Uint8Array(64 << 20), { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    const info: FrameInfo = { shape: [16, 16], dtype: 'uint32' };
    const start = performance.now();
    expectRejected(bomb, info, engine, /more than the frame's 1024 bytes/);
    // Not a timing assertion: the bound shows the decoder stopped early instead of inflating 64 MiB.
    expect(performance.now() - start).toBeLessThan(10_000);
  });

  it('survives random bit flips: each result is the frame or a coded DECODE error', () => {
    const { info, pixels, chunk } = encoded('uint16', 24, 40, engine);
    const next = prng(engine === 'node' ? 7 : 8);
    let rejected = 0;
    for (let trial = 0; trial < 1000; trial++) {
      const corrupt = chunk.slice();
      const flips = 1 + Math.floor(next() * 3);
      for (let f = 0; f < flips; f++) corrupt[Math.floor(next() * corrupt.length)]! ^= 1 << Math.floor(next() * 8);
      if (decodeOutcome(corrupt, info, engine)) rejected++;
      else expect(sameBytes(deflateCodec.decode(corrupt, info, ctxFor(engine)), pixels)).toBe(true);
    }
    // Adler-32 catches every changed output; only flips that change nothing (e.g. unused header bits) pass.
    expect(rejected).toBeGreaterThan(950);
  });

  it('survives arbitrary bodies after a valid zlib header (property)', () => {
    const info: FrameInfo = { shape: [8, 16], dtype: 'uint16' };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (body) => {
        const chunk = new Uint8Array(2 + body.length);
        chunk.set([0x78, 0x9c]);
        chunk.set(body, 2);
        decodeOutcome(chunk, info, engine);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts streams from the other engine and from fflate/zlib at every level', () => {
    const info: FrameInfo = { shape: [9, 11], dtype: 'int32' };
    const pixels = samplePixels('int32', 99, 'counts', 3);
    const bytes = new Uint8Array(pixels.buffer);
    for (let level = 0; level <= 9; level++) {
      for (const stream of [deflateSync(bytes, { level }), zlibSync(bytes, { level: level as 0 })]) {
        expect(sameBytes(deflateCodec.decode(stream, info, ctxFor(engine, false)), pixels)).toBe(true);
      }
    }
  });

  it('checks the frame size before allocating, and codes allocation failures', () => {
    const huge: FrameInfo = { shape: [200_000, 200_000], dtype: 'uint32' }; // 160 GB
    const chunk = deflateSync(new Uint8Array(10));
    expectRejected(chunk, huge, engine, /cannot allocate|inflates to 10 bytes/);
    expectRejected(new Uint8Array(8), { shape: [-1, 3], dtype: 'uint8' }, engine, /invalid frame shape/);
    expectRejected(new Uint8Array(8), { shape: [1, 3], dtype: 'float32' as DType }, engine, /not supported/);
  });
});
