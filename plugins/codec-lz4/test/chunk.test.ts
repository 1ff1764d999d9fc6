import { DTYPES, ErrorCodes, pixelBytes, type DType, type FrameInfo, type FrameShape } from '@beamstack/contract';
import { decodeBlock, typescriptLz4Kernel, wasmLz4Kernel, type Lz4Kernel } from '@beamstack/lz4';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameBytes, SAMPLE_PATTERNS, samplePixels } from '@beamstack/testkit/data';
import { codedError } from '@beamstack/testkit/vitest';
import plugin, { decodeLz4Chunk, encodeLz4Chunk, lz4Codec, lz4Hdf5 } from '../src/index.js';

/** Both kernels of @beamstack/lz4 (wasm only where it loads). */
const KERNELS: readonly Lz4Kernel[] = [typescriptLz4Kernel, ...(wasmLz4Kernel ? [wasmLz4Kernel] : [])];

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function encode(dtype: DType, shape: FrameShape, pattern: (typeof SAMPLE_PATTERNS)[number], blockSize: number, seed = 1) {
  const info: FrameInfo = { shape, dtype };
  const pixels = samplePixels(dtype, shape[0] * shape[1], pattern, seed);
  const chunk = lz4Codec.encode(pixels, info, { options: { blockSize } });
  return { info, pixels, chunk };
}

interface ParsedBlock {
  readonly size: number;
  readonly stored: number;
  readonly raw: boolean;
}

/** Walks a chunk's framing independently of the decoder, to check what the encoder wrote. */
function parse(chunk: Uint8Array): { total: number; blockBytes: number; blocks: ParsedBlock[] } {
  const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  const total = Number(view.getBigUint64(0));
  const blockBytes = view.getUint32(8);
  const blocks: ParsedBlock[] = [];
  let pos = 12;
  for (let start = 0; start < total; start += blockBytes) {
    const size = Math.min(blockBytes, total - start);
    const stored = view.getUint32(pos);
    blocks.push({ size, stored, raw: stored === size });
    pos += 4 + stored;
  }
  expect(pos).toBe(chunk.length);
  return { total, blockBytes, blocks };
}

describe('lz4 chunk framing (FORMATS §4)', () => {
  it('stores an incompressible 8-byte chunk raw, byte for byte as the C filter does', () => {
    const info: FrameInfo = { shape: [1, 4], dtype: 'uint16' };
    const chunk = lz4Codec.encode(Uint16Array.of(0, 1, 2, 3), info, { options: { blockSize: 0 } });
    expect(hex(chunk)).toBe('0000000000000008' + '00000008' + '00000008' + '0000010002000300');
    expect([...lz4Codec.decode(chunk, info, { options: { blockSize: 0 } })]).toEqual([0, 1, 2, 3]);
  });

  it('splits a 1024-byte chunk into four 256-byte LZ4 blocks, and stores random blocks raw', () => {
    const counts = encode('uint32', [16, 16], 'counts', 256);
    const parsed = parse(counts.chunk);
    expect(hex(counts.chunk.subarray(0, 12))).toBe('0000000000000400' + '00000100');
    expect(parsed.blocks.map((b) => b.size)).toEqual([256, 256, 256, 256]);
    expect(parsed.blocks.every((b) => !b.raw && b.stored < 256)).toBe(true);

    const random = encode('uint32', [16, 16], 'random', 256);
    const randomParsed = parse(random.chunk);
    expect(randomParsed.blocks.every((b) => b.raw)).toBe(true);
    expect(random.chunk.length).toBe(12 + 4 * (4 + 256));
    expect(sameBytes(random.chunk.subarray(16, 16 + 256), pixelBytes(random.pixels).subarray(0, 256))).toBe(true);
  });

  it('clamps the block size to the chunk (0 = 1 GiB default) and makes the last block shorter', () => {
    expect(parse(encode('uint16', [30, 41], 'counts', 0).chunk)).toMatchObject({ total: 2460, blockBytes: 2460 });
    expect(parse(encode('uint16', [30, 41], 'counts', 1 << 20).chunk).blockBytes).toBe(2460);
    const split = parse(encode('uint16', [30, 41], 'masked', 256).chunk);
    expect(split.blockBytes).toBe(256);
    expect(split.blocks.map((b) => b.size)).toEqual([...Array<number>(9).fill(256), 156]);
  });

  it('stores raw exactly the blocks LZ4 does not shrink, with both kernels giving the same chunk', () => {
    // Half random (incompressible) and half zeros, in 64-byte blocks: raw, LZ4, raw, LZ4, ...
    const data = new Uint8Array(512);
    const random = samplePixels('uint8', 512, 'random', 3) as Uint8Array;
    for (let at = 0; at < 512; at += 128) data.set(random.subarray(at, at + 64), at);
    const chunks = KERNELS.map((kernel) => encodeLz4Chunk(data, 64, kernel));
    for (const chunk of chunks) expect(hex(chunk)).toBe(hex(chunks[0]!));
    const blocks = parse(chunks[0]!).blocks;
    expect(blocks.map((b) => b.raw)).toEqual([true, false, true, false, true, false, true, false]);
    expect(blocks.filter((b) => !b.raw).every((b) => b.stored < 64)).toBe(true);
    for (const kernel of KERNELS) {
      const out = new Uint8Array(512);
      decodeLz4Chunk(chunks[0]!, out, kernel);
      expect(sameBytes(out, data), kernel.name).toBe(true);
    }
  });

  it('decodes a chunk whose header block size exceeds the chunk (one block), as DECTRIS and HDF5 do', () => {
    const data = samplePixels('uint8', 64, 'counts', 9) as Uint8Array;
    const chunk = encodeLz4Chunk(data, 0);
    new DataView(chunk.buffer).setUint32(8, 0xffffffff);
    for (const kernel of KERNELS) {
      const out = new Uint8Array(64);
      decodeLz4Chunk(chunk, out, kernel);
      expect(sameBytes(out, data)).toBe(true);
    }
  });

  it('keeps every LZ4 block decodable on its own (blocks are independent)', () => {
    const { chunk, pixels } = encode('uint16', [64, 64], 'masked', 1024);
    const bytes = pixelBytes(pixels);
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let pos = 12;
    for (let start = 0; start < bytes.length; start += 1024) {
      const stored = view.getUint32(pos);
      const block = new Uint8Array(1024);
      if (stored === 1024) block.set(chunk.subarray(pos + 4, pos + 4 + stored));
      else decodeBlock(chunk.subarray(pos + 4, pos + 4 + stored), block);
      expect(sameBytes(block, bytes.subarray(start, start + 1024))).toBe(true);
      pos += 4 + stored;
    }
  });
});

describe('lz4 codec round trips', () => {
  const shapes: FrameShape[] = [[1, 1], [1, 3], [3, 7], [1, 16], [5, 13], [17, 31], [64, 33], [100, 99]];
  const blockSizes = [0, 1, 7, 256, 8192];

  it('round-trips every dtype, awkward shape, pattern and block size', () => {
    let cases = 0;
    for (const dtype of DTYPES) {
      for (const shape of shapes) {
        for (const pattern of SAMPLE_PATTERNS) {
          for (const blockSize of blockSizes) {
            const { info, pixels, chunk } = encode(dtype, shape, pattern, blockSize, cases);
            const decoded = lz4Codec.decode(chunk, info, { options: { blockSize } });
            expect(decoded.constructor).toBe(pixels.constructor);
            expect(sameBytes(decoded, pixels), `${dtype} ${shape.join('x')} ${pattern} block ${blockSize}`).toBe(true);
            // Decoding does not depend on the options: the block size comes from the header.
            expect(sameBytes(lz4Codec.decode(chunk, info, { options: { blockSize: 0 } }), pixels)).toBe(true);
            cases++;
          }
        }
      }
    }
    expect(cases).toBe(6 * 8 * 5 * 5);
  });

  it('round-trips arbitrary pixels, shapes and block sizes (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DTYPES),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 70 }),
        fc.constantFrom(...SAMPLE_PATTERNS),
        fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3000 })),
        fc.nat(),
        (dtype, height, width, pattern, blockSize, seed) => {
          const { info, pixels, chunk } = encode(dtype, [height, width], pattern, blockSize, seed);
          const parsed = parse(chunk);
          expect(parsed.total).toBe(pixels.byteLength);
          for (const block of parsed.blocks) expect(block.stored).toBeLessThanOrEqual(block.size);
          expect(sameBytes(lz4Codec.decode(chunk, info, { options: { blockSize } }), pixels)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('round-trips arbitrary bytes through the chunk functions, both kernels alike (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), fc.integer({ min: 0, max: 6000 }), (data, blockSize) => {
        const chunks = KERNELS.map((kernel) => encodeLz4Chunk(data, blockSize, kernel));
        for (const chunk of chunks) expect(sameBytes(chunk, chunks[0]!)).toBe(true);
        for (const kernel of KERNELS) {
          const out = new Uint8Array(data.length);
          decodeLz4Chunk(chunks[0]!, out, kernel);
          expect(sameBytes(out, data)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('does not modify its input, returns a fresh exact buffer, and decodes from unaligned views', () => {
    const { info, pixels } = encode('uint32', [40, 50], 'masked', 0, 5);
    const before = pixels.slice();
    const first = lz4Codec.encode(pixels, info, { options: { blockSize: 512 } });
    const second = lz4Codec.encode(pixels, info, { options: { blockSize: 512 } });
    expect(sameBytes(pixels, before)).toBe(true);
    expect(first.buffer).not.toBe(second.buffer);
    expect(first.byteOffset).toBe(0);
    expect(first.buffer.byteLength).toBe(first.length);
    expect(sameBytes(first, second)).toBe(true);

    const shifted = new Uint8Array(first.length + 3);
    shifted.set(first, 3);
    const decoded = lz4Codec.decode(shifted.subarray(3), info, { options: { blockSize: 0 } });
    expect(sameBytes(decoded, pixels)).toBe(true);
    expect(decoded.byteOffset).toBe(0);
    expect(decoded.buffer.byteLength).toBe(decoded.byteLength);
  });

  it('refuses bad options and pixels that do not match the frame', () => {
    const info: FrameInfo = { shape: [2, 2], dtype: 'uint16' };
    const pixels = Uint16Array.of(1, 2, 3, 4);
    for (const blockSize of [-1, 1.5, 2 ** 30 + 1, Number.NaN]) {
      const error = codedError(() => lz4Codec.encode(pixels, info, { options: { blockSize } }));
      expect(error.code).toBe(ErrorCodes.OPTIONS);
      expect(error.context).toMatchObject({ codec: 'lz4', option: 'blockSize' });
    }
    expect(codedError(() => lz4Codec.encode(Uint16Array.of(1, 2, 3), info, { options: { blockSize: 0 } })).code).toBe(ErrorCodes.ENCODE);
    expect(codedError(() => lz4Codec.encode(Uint32Array.of(1, 2, 3, 4), info, { options: { blockSize: 0 } })).code).toBe(ErrorCodes.ENCODE);
  });
});

describe('lz4 stage and HDF5 mapping', () => {
  it('runs on the wasm kernel of @beamstack/lz4 unless BEAMSTACK_NO_WASM=1 (the tests above cover both kernels)', () => {
    if (process.env['BEAMSTACK_NO_WASM'] === '1') expect(wasmLz4Kernel).toBeNull();
    else expect(wasmLz4Kernel?.name).toBe('wasm');
  });

  it('is the default export and declares id, dtypes and a defaulted option', () => {
    expect(plugin.stages).toEqual([lz4Codec]);
    expect(lz4Codec).toMatchObject({ id: 'lz4', kind: 'codec' });
    expect([...lz4Codec.dtypes].sort()).toEqual([...DTYPES].sort());
    expect(lz4Codec.options.properties['blockSize']).toMatchObject({ type: 'integer', minimum: 0, default: 0 });
  });

  it('maps to filter 32004 and back', () => {
    expect(lz4Hdf5.filters('uint16', { blockSize: 0 })).toEqual([
      { id: 32004, name: expect.stringContaining('lz4'), flags: 0, cdValues: [] },
    ]);
    expect(lz4Hdf5.filters('uint32', { blockSize: 8192 })[0]).toMatchObject({ id: 32004, flags: 0, cdValues: [8192] });
    expect(lz4Hdf5.paramsFromFilters([{ id: 32004, flags: 0, cdValues: [] }], 'uint16')).toEqual({ blockSize: 0 });
    expect(lz4Hdf5.paramsFromFilters([{ id: 32004, flags: 1, cdValues: [8192] }], 'uint8')).toEqual({ blockSize: 8192 });
    expect(lz4Hdf5.paramsFromFilters([{ id: 32004, flags: 0, cdValues: [0] }], 'int32')).toEqual({ blockSize: 0 });
    expect(lz4Hdf5.paramsFromFilters([{ id: 32004, flags: 0, cdValues: [2 ** 31] }], 'int32')).toEqual({ blockSize: 0 });
    expect(lz4Hdf5.paramsFromFilters([{ id: 32008, flags: 0, cdValues: [0, 3, 2, 0, 2] }], 'uint16')).toBeNull();
    expect(lz4Hdf5.paramsFromFilters([], 'uint16')).toBeNull();
    expect(
      lz4Hdf5.paramsFromFilters([{ id: 2, flags: 1, cdValues: [2] }, { id: 32004, flags: 0, cdValues: [] }], 'uint16'),
    ).toBeNull();
  });
});
