import { BeamstackError, DTYPES, ErrorCodes, bytesPerPixel, type DType, type FrameShape } from '@beamstack/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameBytes } from '@beamstack/testkit/data';
import plugin, { bslz4Codec, defaultBlockElems } from '../src/index.js';
import { makePixels, type PixelPattern } from './pixels.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const unhex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
const options = (blockSize = 0) => ({ options: { blockSize } });

/** The two complete chunks of FORMATS.md §3.5 (made by the C bitshuffle + liblz4). */
const CHUNK_16 = unhex(`
  0000 0000 0000 0040 0000 2000 0000 0025
  a3aa 5acc 5cf0 d000 5f00 5002 0057 e000
  c000 4002 0048 0000 8000 0100 060e 0050
  0000 0000 00`);
const CHUNK_21 = unhex(`
  0000 0000 0000 0054 0000 2000 0000 001a
  ff00 aaaa cccc 0f0f f00f 00f0 ffff ffff
  0001 0019 5000 0000 0000 7400 0000 7500
  0000 7600 0000 7700 0000 7800 0000`);

describe('FORMATS.md §3.5 worked examples', () => {
  const values16 = new Uint32Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 255, 256, 65535, 0x01020304]);
  const values21 = Uint32Array.from({ length: 21 }, (_, i) => 100 + i);

  it('encodes 16 x uint32 to the 53-byte chunk byte for byte', () => {
    expect(CHUNK_16.length).toBe(53);
    expect(hex(bslz4Codec.encode(values16, { shape: [4, 4], dtype: 'uint32' }, options()))).toBe(hex(CHUNK_16));
  });

  it('encodes 21 x uint32 (16 shuffled + 5 raw) to the 62-byte chunk byte for byte', () => {
    expect(CHUNK_21.length).toBe(62);
    expect(hex(bslz4Codec.encode(values21, { shape: [3, 7], dtype: 'uint32' }, options()))).toBe(hex(CHUNK_21));
  });

  it('decodes both chunks', () => {
    expect(Array.from(bslz4Codec.decode(CHUNK_16, { shape: [1, 16], dtype: 'uint32' }, options()))).toEqual(
      Array.from(values16),
    );
    const decoded = bslz4Codec.decode(CHUNK_21, { shape: [7, 3], dtype: 'uint32' }, options());
    expect(decoded).toBeInstanceOf(Uint32Array);
    expect(Array.from(decoded)).toEqual(Array.from(values21));
  });
});

describe('chunk layout', () => {
  function header(chunk: Uint8Array): { total: number; blockBytes: number } {
    const view = new DataView(chunk.buffer, chunk.byteOffset, 12);
    return { total: view.getUint32(0) * 2 ** 32 + view.getUint32(4), blockBytes: view.getUint32(8) };
  }

  /** Block lengths walked from the framing; also checks the raw tail. */
  function blockSizes(chunk: Uint8Array, elemSize: number, elems: number, blockElems: number): number[] {
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const sizes: number[] = [];
    let pos = 12;
    let left = elems;
    while (left >= 8) {
      const count = Math.min(left, blockElems) - (Math.min(left, blockElems) % 8);
      sizes.push(count);
      pos += 4 + view.getUint32(pos);
      left -= count;
    }
    expect(chunk.length - pos).toBe(left * elemSize);
    return sizes;
  }

  it('uses the default block rule of §2.2 and partitions like the C library', () => {
    expect([1, 2, 4, 8].map(defaultBlockElems)).toEqual([8192, 4096, 2048, 1024]);
    // N = 2075 uint32: 2048 + 24 elements, 3 raw.
    const pixels = makePixels('uint32', 2075, 'counts');
    const chunk = bslz4Codec.encode(pixels, { shape: [25, 83], dtype: 'uint32' }, options());
    expect(header(chunk)).toEqual({ total: 8300, blockBytes: 8192 });
    expect(blockSizes(chunk, 4, 2075, 2048)).toEqual([2048, 24]);
    // Eiger1 frame 1065 x 1030 uint16: 267 full blocks + 3312 + 6 raw elements.
    const eiger1 = makePixels('uint16', 1065 * 1030, 'eiger');
    const big = bslz4Codec.encode(eiger1, { shape: [1065, 1030], dtype: 'uint16' }, options());
    const sizes = blockSizes(big, 2, 1065 * 1030, 4096);
    expect(sizes).toHaveLength(268);
    expect(sizes[267]).toBe(3312);
  });

  it('honours an explicit block size and writes it in bytes', () => {
    const pixels = makePixels('int16', 1000, 'random');
    const chunk = bslz4Codec.encode(pixels, { shape: [10, 100], dtype: 'int16' }, options(256));
    expect(header(chunk)).toEqual({ total: 2000, blockBytes: 512 });
    expect(blockSizes(chunk, 2, 1000, 256)).toEqual([256, 256, 256, 232]);
    expect(sameBytes(bslz4Codec.decode(chunk, { shape: [10, 100], dtype: 'int16' }, options()), pixels)).toBe(true);
  });

  it('refuses block sizes that are not multiples of 8 and pixels that do not match the frame', () => {
    const pixels = makePixels('uint16', 64, 'random');
    const info = { shape: [8, 8] as const, dtype: 'uint16' as const };
    const thrown = (fn: () => unknown): BeamstackError => {
      try {
        fn();
      } catch (error) {
        if (error instanceof BeamstackError) return error;
        throw error;
      }
      throw new Error('did not throw');
    };
    expect(thrown(() => bslz4Codec.encode(pixels, info, options(12))).code).toBe(ErrorCodes.OPTIONS);
    expect(thrown(() => bslz4Codec.encode(pixels, info, options(-8))).code).toBe(ErrorCodes.OPTIONS);
    expect(thrown(() => bslz4Codec.encode(pixels, { shape: [8, 9], dtype: 'uint16' }, options())).code).toBe(
      ErrorCodes.ENCODE,
    );
    expect(thrown(() => bslz4Codec.encode(pixels, { shape: [8, 4], dtype: 'uint32' }, options())).code).toBe(
      ErrorCodes.ENCODE,
    );
  });
});

describe('round trips', () => {
  const patterns: PixelPattern[] = ['zeros', 'random', 'saturated', 'masked', 'counts', 'eiger'];
  const shapes: FrameShape[] = [[1, 1], [1, 7], [3, 5], [1, 8], [2, 8], [7, 9], [13, 31], [64, 64], [33, 257], [100, 99]];

  it('every dtype x shape x pattern decodes to the same pixels and leaves the input untouched', () => {
    let cases = 0;
    for (const dtype of DTYPES) {
      for (const shape of shapes) {
        for (const pattern of patterns) {
          const pixels = makePixels(dtype, shape[0] * shape[1], pattern, cases);
          const before = pixels.slice();
          const info = { shape, dtype };
          const chunk = bslz4Codec.encode(pixels, info, options());
          expect(sameBytes(pixels, before)).toBe(true);
          const decoded = bslz4Codec.decode(chunk, info, options());
          expect(decoded.constructor).toBe(pixels.constructor);
          expect(sameBytes(decoded, pixels), `${dtype} ${shape.join('x')} ${pattern}`).toBe(true);
          cases++;
        }
      }
    }
    expect(cases).toBe(DTYPES.length * shapes.length * patterns.length);
  });

  it('round-trips property-generated frames and block sizes', () => {
    const arbitraryCase = fc.record({
      dtype: fc.constantFrom<DType>(...DTYPES),
      height: fc.integer({ min: 0, max: 40 }),
      width: fc.integer({ min: 1, max: 300 }),
      pattern: fc.constantFrom<PixelPattern>(...patterns),
      blockSize: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 80 }).map((k) => 8 * k)),
      seed: fc.integer(),
    });
    fc.assert(
      fc.property(arbitraryCase, ({ dtype, height, width, pattern, blockSize, seed }) => {
        const pixels = makePixels(dtype, height * width, pattern, seed);
        const info = { shape: [height, width] as const, dtype };
        const chunk = bslz4Codec.encode(pixels, info, options(blockSize));
        const total = new DataView(chunk.buffer, chunk.byteOffset).getUint32(4);
        expect(total).toBe(height * width * bytesPerPixel(dtype));
        expect(sameBytes(bslz4Codec.decode(chunk, info, options()), pixels)).toBe(true);
      }),
      { numRuns: 250 },
    );
  });

  it('encodes subarray views (unaligned for the word kernels) identically', () => {
    const backing = makePixels('uint16', 4099, 'eiger');
    const view = (backing as Uint16Array).subarray(1, 4097); // byteOffset 2: not 4-byte aligned
    const copy = view.slice();
    const info = { shape: [64, 64] as const, dtype: 'uint16' as const };
    expect(hex(bslz4Codec.encode(view, info, options()))).toBe(hex(bslz4Codec.encode(copy, info, options())));
  });

  it('returns independent chunks (no shared scratch memory)', () => {
    const info = { shape: [16, 16] as const, dtype: 'uint32' as const };
    const first = bslz4Codec.encode(makePixels('uint32', 256, 'random', 1), info, options());
    const snapshot = first.slice();
    bslz4Codec.encode(makePixels('uint32', 256, 'random', 2), info, options());
    expect(hex(first)).toBe(hex(snapshot));
    expect(first.byteOffset).toBe(0);
    expect(first.buffer.byteLength).toBe(first.byteLength);
  });
});

describe('plugin and HDF5 mapping', () => {
  it('exports one codec stage with the contract shape', () => {
    expect(plugin.stages).toEqual([bslz4Codec]);
    expect(bslz4Codec.kind).toBe('codec');
    expect(bslz4Codec.id).toBe('bslz4');
    expect([...bslz4Codec.dtypes].sort()).toEqual([...DTYPES].sort());
    expect(bslz4Codec.options.properties['blockSize']).toMatchObject({ type: 'integer', default: 0, minimum: 0 });
  });

  it('describes filter 32008 with DECTRIS-style cd_values', () => {
    const hdf5 = bslz4Codec.hdf5!;
    expect(hdf5.filters('uint32', { blockSize: 0 })).toEqual([
      { id: 32008, name: 'bitshuffle; see https://github.com/kiyo-masui/bitshuffle', flags: 0, cdValues: [0, 3, 4, 0, 2] },
    ]);
    expect(hdf5.filters('int16', { blockSize: 512 })[0]!.cdValues).toEqual([0, 3, 2, 512, 2]);
    expect(hdf5.filters('uint8', { blockSize: 0 })[0]!.cdValues).toEqual([0, 3, 1, 0, 2]);
  });

  it('recognises bitshuffle+LZ4 pipelines only', () => {
    const hdf5 = bslz4Codec.hdf5!;
    const filter = (cdValues: number[], id = 32008) => [{ id, flags: 0, cdValues }];
    expect(hdf5.paramsFromFilters(filter([0, 2, 2, 0, 2]), 'uint16')).toEqual({ blockSize: 0 }); // Eiger1
    expect(hdf5.paramsFromFilters(filter([0, 3, 4, 0, 2]), 'uint32')).toEqual({ blockSize: 0 }); // Eiger2
    expect(hdf5.paramsFromFilters(filter([0, 4, 4, 1024, 2]), 'uint32')).toEqual({ blockSize: 1024 });
    expect(hdf5.paramsFromFilters(filter([0, 3, 4, 0, 0]), 'uint32')).toBeNull(); // bitshuffle alone
    expect(hdf5.paramsFromFilters(filter([0, 3, 4, 0]), 'uint32')).toBeNull();
    expect(hdf5.paramsFromFilters(filter([0, 4, 4, 0, 3, 1]), 'uint32')).toBeNull(); // zstd
    expect(hdf5.paramsFromFilters(filter([0, 3, 2, 0, 2]), 'uint32')).toBeNull(); // wrong element size
    expect(hdf5.paramsFromFilters(filter([], 32004), 'uint16')).toBeNull();
    expect(hdf5.paramsFromFilters([], 'uint16')).toBeNull();
    expect(
      hdf5.paramsFromFilters([...filter([0, 3, 2, 0, 2]), { id: 1, flags: 1, cdValues: [1] }], 'uint16'),
    ).toBeNull();
  });
});
