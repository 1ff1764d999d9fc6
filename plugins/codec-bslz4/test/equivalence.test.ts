import { DTYPES, bytesPerPixel, pixelBytes, type DType } from '@beamstack/contract';
import { instantiateWasm } from '@beamstack/lz4/wasm-support';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prng } from '@beamstack/testkit/data';
import { Bslz4FormatError, defaultBlockElems, type Bslz4Kernel } from '../src/index.js';
import { BSLZ4_WASM_URL, WasmBslz4 } from '../src/wasm-kernel.js';
import { allKernels } from './kernels.js';
import { makePixels, type PixelPattern } from './pixels.js';

const [ts, wasm] = allKernels() as [Bslz4Kernel, Bslz4Kernel | undefined];

/** What a decode did: the bytes, or the error's class, message and LZ4 reason. */
function outcome(kernel: Bslz4Kernel, chunk: Uint8Array, elemSize: number, frameBytes: number): string {
  const out = new Uint8Array(frameBytes);
  try {
    kernel.decodeChunk(chunk, elemSize, out);
    return `ok ${Buffer.from(out).toString('base64')}`;
  } catch (error) {
    if (!(error instanceof Bslz4FormatError)) throw error;
    const cause = error.cause as { reason?: string } | undefined;
    return `${error.name}: ${error.message} [${cause?.reason ?? ''}]`;
  }
}

describe.skipIf(wasm === undefined)('wasm and TypeScript bslz4 kernels are interchangeable', () => {
  const other = wasm!;
  const patterns: PixelPattern[] = ['zeros', 'random', 'saturated', 'masked', 'counts', 'eiger'];

  it('encode every dtype x size x pattern to identical chunks, and decode them', () => {
    let cases = 0;
    for (const dtype of DTYPES) {
      const size = bytesPerPixel(dtype);
      for (const count of [1, 7, 8, 15, 16, 63, 64, 65, 200, 2048, 2055, 4100, 9001, 33 * 257]) {
        for (const pattern of patterns) {
          const data = pixelBytes(makePixels(dtype, count, pattern, cases));
          const chunk = ts.encodeChunk(data, size, defaultBlockElems(size));
          expect(Buffer.compare(other.encodeChunk(data, size, defaultBlockElems(size)), chunk), `${dtype} ${count} ${pattern}`).toBe(0);
          const out = new Uint8Array(data.length);
          other.decodeChunk(chunk, size, out);
          expect(Buffer.compare(out, data)).toBe(0);
          cases++;
        }
      }
    }
    expect(cases).toBe(6 * 14 * 6);
  });

  it('agree on property-generated frames and block sizes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<DType>(...DTYPES),
        fc.integer({ min: 0, max: 5000 }),
        fc.constantFrom<PixelPattern>(...patterns),
        fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 100 }).map((k) => 8 * k)),
        fc.integer(),
        (dtype, count, pattern, blockSize, seed) => {
          const size = bytesPerPixel(dtype);
          const blockElems = blockSize || defaultBlockElems(size);
          const data = pixelBytes(makePixels(dtype, count, pattern, seed));
          const chunk = ts.encodeChunk(data, size, blockElems);
          expect(Buffer.compare(other.encodeChunk(data, size, blockElems), chunk)).toBe(0);
          expect(outcome(other, chunk, size, data.length)).toBe(outcome(ts, chunk, size, data.length));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('throw identical errors for damaged chunks (flips, truncations, wrong sizes, random bodies)', () => {
    const next = prng(17);
    const sources = (
      [
        ['uint32', 33 * 65, 0],
        ['uint16', 20 * 201, 512],
        ['uint8', 9 * 130, 0],
        ['int32', 21, 0],
        ['uint16', 237, 64],
      ] as const
    ).map(([dtype, count, blockSize]) => {
      const size = bytesPerPixel(dtype);
      const data = pixelBytes(makePixels(dtype, count, 'eiger', count));
      return { size, frameBytes: data.length, chunk: ts.encodeChunk(data, size, blockSize || defaultBlockElems(size)) };
    });
    let rejected = 0;
    for (let trial = 0; trial < 2000; trial++) {
      const { size, frameBytes, chunk } = sources[trial % sources.length]!;
      let damaged = chunk.slice();
      const kind = trial % 4;
      if (kind === 0) {
        for (let f = 0; f < 3; f++) damaged[12 + Math.floor(next() * (damaged.length - 12))]! ^= 1 << Math.floor(next() * 8);
      } else if (kind === 1) {
        damaged = damaged.subarray(0, Math.floor(next() * damaged.length));
      } else if (kind === 2) {
        const at = 12 + Math.floor(next() * (damaged.length - 12));
        damaged.fill(Math.floor(next() * 256), at, at + 1 + Math.floor(next() * 8));
      } else {
        const longer = new Uint8Array(damaged.length + 1 + Math.floor(next() * 3));
        longer.set(damaged);
        damaged = longer;
      }
      const expected = outcome(ts, damaged, size, frameBytes);
      if (!expected.startsWith('ok')) rejected++;
      expect(outcome(other, damaged, size, frameBytes)).toBe(expected);
    }
    expect(rejected).toBeGreaterThan(1000);
  });

  it('decodeChunkToBuffer returns a fresh, transferable buffer', () => {
    const data = pixelBytes(makePixels('uint32', 5000, 'eiger', 3));
    const chunk = other.encodeChunk(data, 4, 2048);
    const buffer = other.decodeChunkToBuffer(chunk, 4, data.length);
    expect(buffer.byteLength).toBe(data.length);
    expect(Buffer.compare(new Uint8Array(buffer), data)).toBe(0);
    other.decodeChunkToBuffer(other.encodeChunk(new Uint8Array(data.length), 4, 2048), 4, data.length);
    expect(Buffer.compare(new Uint8Array(buffer), data)).toBe(0);
    const moved = structuredClone(buffer, { transfer: [buffer] });
    expect(buffer.byteLength).toBe(0);
    expect(moved.byteLength).toBe(data.length);
  });

  it('turns a trap of the wasm decoder into Bslz4FormatError (safety net)', () => {
    const exports = instantiateWasm(BSLZ4_WASM_URL);
    expect(typeof exports).toBe('object');
    const trapping = new WasmBslz4({
      ...(exports as Record<string, unknown>),
      decodeChunk: () => {
        throw new Error('RuntimeError: memory access out of bounds');
      },
    } as unknown as ConstructorParameters<typeof WasmBslz4>[0]);
    const data = pixelBytes(makePixels('uint16', 100, 'counts'));
    const chunk = ts.encodeChunk(data, 2, 4096);
    expect(() => trapping.decodeChunk(chunk, 2, new Uint8Array(data.length))).toThrow(Bslz4FormatError);
    expect(() => trapping.decodeChunk(chunk, 2, new Uint8Array(data.length))).toThrow(/wasm decoder trapped/);
  });
});
