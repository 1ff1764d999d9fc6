import { inflateSync } from 'node:zlib';
import { DTYPES, ErrorCodes, pixelBytes, type DType, type FrameInfo, type FrameShape } from '@beamstack/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameBytes, SAMPLE_PATTERNS, type SamplePattern, samplePixels } from '@beamstack/testkit/data';
import { codedError } from '@beamstack/testkit/vitest';
import plugin, { byteShuffle, deflateCodec, deflateHdf5, selectEngine, type EngineChoice } from '../src/index.js';

type Options = { level: number; shuffle: boolean; engine: EngineChoice };
const opts = (level: number, shuffle: boolean, engine: EngineChoice): { options: Options } => ({ options: { level, shuffle, engine } });

function encode(dtype: DType, shape: FrameShape, pattern: SamplePattern, options: Options, seed = 1) {
  const info: FrameInfo = { shape, dtype };
  const pixels = samplePixels(dtype, shape[0] * shape[1], pattern, seed);
  return { info, pixels, chunk: deflateCodec.encode(pixels, info, { options }) };
}

const otherEngine = (engine: 'node' | 'fflate'): 'node' | 'fflate' => (engine === 'node' ? 'fflate' : 'node');

describe('deflate codec round trips, both engines', () => {
  const shapes: FrameShape[] = [[1, 1], [1, 3], [3, 7], [1, 16], [5, 13], [17, 31], [64, 33], [100, 99]];

  it('round-trips every dtype, awkward shape and pattern, with and without shuffle, and each engine decodes the other', () => {
    let cases = 0;
    for (const engine of ['node', 'fflate'] as const) {
      for (const dtype of DTYPES) {
        for (const shape of shapes) {
          for (const pattern of SAMPLE_PATTERNS) {
            for (const shuffle of [true, false]) {
              const level = cases % 10;
              const { info, pixels, chunk } = encode(dtype, shape, pattern, { level, shuffle, engine }, cases);
              const label = `${engine} ${dtype} ${shape.join('x')} ${pattern} shuffle=${shuffle} level=${level}`;
              const decoded = deflateCodec.decode(chunk, info, opts(level, shuffle, engine));
              expect(decoded.constructor, label).toBe(pixels.constructor);
              expect(sameBytes(decoded, pixels), label).toBe(true);
              expect(sameBytes(deflateCodec.decode(chunk, info, opts(level, shuffle, otherEngine(engine))), pixels), label).toBe(true);
              cases++;
            }
          }
        }
      }
    }
    expect(cases).toBe(2 * 6 * 8 * 5 * 2);
  });

  it('round-trips arbitrary frames across engines, levels and shuffle (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DTYPES),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 70 }),
        fc.constantFrom(...SAMPLE_PATTERNS),
        fc.integer({ min: 0, max: 9 }),
        fc.boolean(),
        fc.constantFrom('node' as const, 'fflate' as const),
        fc.nat(),
        (dtype, height, width, pattern, level, shuffle, engine, seed) => {
          const { info, pixels, chunk } = encode(dtype, [height, width], pattern, { level, shuffle, engine }, seed);
          expect(sameBytes(deflateCodec.decode(chunk, info, opts(level, shuffle, otherEngine(engine))), pixels)).toBe(true);
          expect(sameBytes(deflateCodec.decode(chunk, info, opts(level, shuffle, engine)), pixels)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('writes a zlib stream (RFC 1950) of the shuffled bytes, as the HDF5 filters 2 + 1 store it', () => {
    const { pixels, chunk } = encode('uint32', [20, 30], 'masked', { level: 1, shuffle: true, engine: 'node' });
    expect([...chunk.subarray(0, 2)]).toEqual([0x78, 0x01]);
    const shuffled = new Uint8Array(pixels.byteLength);
    byteShuffle(pixelBytes(pixels), shuffled, 4);
    expect(sameBytes(inflateSync(chunk), shuffled)).toBe(true);
    const fflate = encode('uint32', [20, 30], 'masked', { level: 1, shuffle: true, engine: 'fflate' });
    expect(fflate.chunk[0]).toBe(0x78);
    expect(sameBytes(inflateSync(fflate.chunk), shuffled)).toBe(true);
    // Level 9 and no shuffle: the plain pixel bytes.
    const plain = encode('int16', [9, 11], 'counts', { level: 9, shuffle: false, engine: 'node' });
    expect([...plain.chunk.subarray(0, 2)]).toEqual([0x78, 0xda]);
    expect(sameBytes(inflateSync(plain.chunk), pixelBytes(plain.pixels))).toBe(true);
  });

  it('shuffles before deflating: Eiger-like frames get ~1.5x smaller', () => {
    const without = encode('uint32', [200, 300], 'counts', { level: 1, shuffle: false, engine: 'node' }).chunk.length;
    const withShuffle = encode('uint32', [200, 300], 'counts', { level: 1, shuffle: true, engine: 'node' }).chunk.length;
    expect(without / withShuffle).toBeGreaterThan(1.3);
  });

  it('does not modify its input, returns fresh exact buffers, and decodes unaligned chunk views', () => {
    for (const engine of ['node', 'fflate'] as const) {
      const { info, pixels } = encode('uint16', [40, 50], 'masked', { level: 1, shuffle: true, engine }, 5);
      const before = pixels.slice();
      const first = deflateCodec.encode(pixels, info, opts(1, true, engine));
      const second = deflateCodec.encode(pixels, info, opts(1, true, engine));
      expect(sameBytes(pixels, before)).toBe(true);
      expect(first.buffer).not.toBe(second.buffer);
      expect(first.byteOffset).toBe(0);
      expect(first.buffer.byteLength).toBe(first.length);
      const holder = new Uint8Array(first.length + 3);
      holder.set(first, 3);
      const decoded = deflateCodec.decode(holder.subarray(3), info, opts(1, true, engine));
      expect(sameBytes(decoded, pixels)).toBe(true);
      expect(decoded.byteOffset).toBe(0);
      expect(decoded.buffer.byteLength).toBe(decoded.byteLength);
      // Two decodes never share a buffer (the result is transferred to another thread).
      expect(deflateCodec.decode(first, info, opts(1, true, engine)).buffer).not.toBe(decoded.buffer);
    }
  });

  it('refuses bad options and pixels that do not match the frame', () => {
    const info: FrameInfo = { shape: [2, 2], dtype: 'uint16' };
    const pixels = Uint16Array.of(1, 2, 3, 4);
    for (const level of [-1, 10, 1.5]) {
      const error = codedError(() => deflateCodec.encode(pixels, info, opts(level, true, 'auto')));
      expect(error.code).toBe(ErrorCodes.OPTIONS);
      expect(error.context).toMatchObject({ codec: 'deflate', option: 'level' });
    }
    expect(codedError(() => deflateCodec.encode(pixels, info, opts(1, true, 'zopfli' as EngineChoice))).context.option).toBe('engine');
    expect(codedError(() => deflateCodec.encode(Uint16Array.of(1, 2, 3), info, opts(1, true, 'auto'))).code).toBe(ErrorCodes.ENCODE);
    expect(codedError(() => deflateCodec.encode(Uint32Array.of(1, 2, 3, 4), info, opts(1, true, 'auto'))).code).toBe(ErrorCodes.ENCODE);
  });
});

describe('engine selection', () => {
  it("uses node:zlib for 'auto' in Node and fflate where node:zlib is missing", () => {
    expect(selectEngine('auto').name).toBe('node');
    expect(selectEngine('node').name).toBe('node');
    expect(selectEngine('fflate').name).toBe('fflate');
    expect(selectEngine('auto', null).name).toBe('fflate');
    const error = codedError(() => selectEngine('node', null));
    expect(error.code).toBe(ErrorCodes.OPTIONS);
    expect(error.context).toMatchObject({ codec: 'deflate', option: 'engine' });
  });
});

describe('deflate stage and HDF5 mapping', () => {
  it('is the default export and declares id, dtypes and defaulted options', () => {
    expect(plugin.stages).toEqual([deflateCodec]);
    expect(deflateCodec).toMatchObject({ id: 'deflate', kind: 'codec' });
    expect([...deflateCodec.dtypes].sort()).toEqual([...DTYPES].sort());
    expect(deflateCodec.options.properties).toMatchObject({
      level: { type: 'integer', minimum: 0, maximum: 9, default: 1 },
      shuffle: { type: 'boolean', default: true },
      engine: { type: 'string', default: 'auto' },
    });
  });

  it('maps to shuffle (2) + deflate (1), or deflate alone, and back', () => {
    expect(deflateHdf5.filters('uint32', { level: 1, shuffle: true, engine: 'auto' })).toEqual([
      { id: 2, name: 'shuffle', flags: 1, cdValues: [4] },
      { id: 1, name: 'deflate', flags: 1, cdValues: [1] },
    ]);
    expect(deflateHdf5.filters('int16', { level: 6, shuffle: false, engine: 'fflate' })).toEqual([
      { id: 1, name: 'deflate', flags: 1, cdValues: [6] },
    ]);
    const both = [{ id: 2, flags: 1, cdValues: [2] }, { id: 1, flags: 1, cdValues: [4] }];
    expect(deflateHdf5.paramsFromFilters(both, 'uint16')).toEqual({ level: 4, shuffle: true, engine: 'auto' });
    expect(deflateHdf5.paramsFromFilters(both, 'uint32')).toBeNull(); // shuffle element size disagrees
    expect(deflateHdf5.paramsFromFilters([{ id: 2, flags: 1, cdValues: [] }, { id: 1, flags: 0, cdValues: [9] }], 'int32')).toEqual({
      level: 9,
      shuffle: true,
      engine: 'auto',
    });
    expect(deflateHdf5.paramsFromFilters([{ id: 1, flags: 1, cdValues: [6] }], 'uint8')).toEqual({ level: 6, shuffle: false, engine: 'auto' });
    expect(deflateHdf5.paramsFromFilters([{ id: 1, flags: 1, cdValues: [] }], 'uint8')).toEqual({ level: 1, shuffle: false, engine: 'auto' });
    expect(deflateHdf5.paramsFromFilters([{ id: 1, flags: 1, cdValues: [42] }], 'uint8')).toEqual({ level: 1, shuffle: false, engine: 'auto' });
    expect(deflateHdf5.paramsFromFilters([{ id: 1, flags: 1, cdValues: [1] }, { id: 2, flags: 1, cdValues: [2] }], 'uint16')).toBeNull();
    expect(deflateHdf5.paramsFromFilters([{ id: 2, flags: 1, cdValues: [2] }], 'uint16')).toBeNull();
    expect(deflateHdf5.paramsFromFilters([{ id: 32004, flags: 0, cdValues: [] }], 'uint16')).toBeNull();
    expect(deflateHdf5.paramsFromFilters([], 'uint16')).toBeNull();
    // filters() and paramsFromFilters() are inverses for every dtype.
    for (const dtype of DTYPES) {
      for (const shuffle of [true, false]) {
        const params = { level: 3, shuffle, engine: 'auto' as const };
        expect(deflateHdf5.paramsFromFilters(deflateHdf5.filters(dtype, params), dtype)).toEqual(params);
      }
    }
  });
});
