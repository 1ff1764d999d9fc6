import { BeamstackError, ErrorCodes, allocPixels, bytesPerPixel, pixelBytes, type CodecStage, type FrameInfo, type PixelArray } from '@beamstack/contract';
// The example codec passes the whole suite; each codec below breaks one rule of the contract.
import { delta8 } from '../examples/codec-delta8/index.js';
import type { CodecConformanceOptions } from '../src/index.js';

const good = delta8 as unknown as CodecStage;
const frameBytes = (info: FrameInfo): number => info.shape[0] * info.shape[1] * bytesPerPixel(info.dtype);
const variant = (id: string, changes: Partial<CodecStage>): CodecStage => ({ ...good, id, ...changes });

/** Each entry: a codec with one defect, the check it must fail and what the message must say. */
export const BROKEN: readonly { codec: CodecStage; check: RegExp; message: RegExp; options?: CodecConformanceOptions }[] = [
  {
    codec: variant('range-error', {
      decode(bytes, info) {
        if (bytes.length !== frameBytes(info)) throw new RangeError('offset is out of bounds');
        return good.decode(bytes, info, { options: {} });
      },
    }),
    check: /empty chunk/,
    message: /RangeError: offset is out of bounds instead of a BeamstackError/,
  },
  {
    codec: variant('unnamed', {
      decode(bytes, info) {
        if (bytes.length !== frameBytes(info)) throw new BeamstackError(ErrorCodes.DECODE, 'bad chunk');
        return good.decode(bytes, info, { options: {} });
      },
    }),
    check: /truncated/,
    message: /names no codec/,
  },
  {
    codec: variant('wrong-code', {
      decode(bytes, info) {
        if (bytes.length !== frameBytes(info)) throw new BeamstackError(ErrorCodes.INPUT, 'bad chunk', { codec: 'wrong-code' });
        return good.decode(bytes, info, { options: {} });
      },
    }),
    check: /empty chunk/,
    message: /threw BEAMSTACK_E_INPUT instead of BEAMSTACK_E_DECODE/,
  },
  {
    codec: variant('zero-pads', {
      decode(bytes, info) {
        const padded = new Uint8Array(frameBytes(info));
        padded.set(bytes.subarray(0, padded.length));
        return good.decode(padded, info, { options: {} });
      },
    }),
    check: /truncated/,
    message: /decode accepted the first 0 of \d+ bytes/,
  },
  {
    codec: (() => {
      let scratch = new Uint8Array(0);
      return variant('scratch', {
        encode(pixels, info) {
          const fresh = good.encode(pixels, info, { options: {} });
          if (scratch.byteLength < fresh.length) scratch = new Uint8Array(fresh.length * 2);
          scratch.set(fresh);
          return scratch.subarray(0, fresh.length);
        },
      });
    })(),
    check: /fresh, transferable/,
    message: /two encode calls returned views of the same ArrayBuffer/,
  },
  {
    codec: (() => {
      const memory = new (globalThis as unknown as { WebAssembly: { Memory: new (d: { initial: number }) => { buffer: ArrayBuffer } } }).WebAssembly.Memory({ initial: 4 });
      let next = 0;
      return variant('wasm-view', {
        decode(bytes, info) {
          const pixels = good.decode(bytes, info, { options: {} });
          // Each result gets its own region, so only the transfer test can notice.
          const size = pixels.byteLength;
          if (next + size > memory.buffer.byteLength) next = 0;
          const view = new Uint8Array(memory.buffer, next, size);
          view.set(pixelBytes(pixels));
          next += size;
          return (info.dtype === 'uint8' ? view : new (pixels.constructor as new (b: ArrayBufferLike, o: number, n: number) => PixelArray)(memory.buffer, view.byteOffset, pixels.length)) as PixelArray;
        },
      });
    })(),
    check: /fresh, transferable/,
    message: /two decode calls returned views of the same ArrayBuffer|copied, not transferred/,
  },
  {
    codec: variant('mutates', {
      encode(pixels, info) {
        const out = good.encode(pixels, info, { options: {} });
        if (pixels.length > 0) pixels[0] = (pixels[0]! ^ 1) as number;
        return out;
      },
    }),
    check: /leaves its input unchanged/,
    message: /encode modified its input pixels/,
  },
  {
    codec: variant('returns-input', {
      encode(pixels) {
        return pixelBytes(pixels);
      },
      decode(bytes, info) {
        return good.decode(bytes, info, { options: {} });
      },
    }),
    check: /round trip/,
    message: /encode returned a view of the memory of its input pixels/,
  },
  {
    codec: (() => {
      let calls = 0;
      // Alternates between two valid encodings: decodable every time, but not deterministic.
      return variant('flip', {
        encode(pixels, info) {
          const plain = pixelBytes(pixels);
          const out = new Uint8Array(plain.length + 1);
          const invert = calls++ % 2;
          out[0] = invert;
          for (let i = 0; i < plain.length; i++) out[i + 1] = invert ? ~plain[i]! : plain[i]!;
          return out;
        },
        decode(bytes, info) {
          if (bytes.length !== frameBytes(info) + 1 || bytes[0]! > 1) throw new BeamstackError(ErrorCodes.DECODE, 'bad chunk', { codec: 'flip' });
          const pixels = allocPixels(info.dtype, info.shape[0] * info.shape[1]);
          const out = pixelBytes(pixels);
          for (let i = 0; i < out.length; i++) out[i] = bytes[0] ? ~bytes[i + 1]! : bytes[i + 1]!;
          return pixels;
        },
      });
    })(),
    check: /deterministic/,
    message: /different bytes/,
  },
  {
    codec: variant('slow', {
      decode(bytes, info) {
        if (bytes.length !== frameBytes(info)) {
          const until = performance.now() + 40;
          while (performance.now() < until) {
            // a decoder stuck in a loop on hostile input
          }
          throw new BeamstackError(ErrorCodes.DECODE, 'bad chunk', { codec: 'slow' });
        }
        return good.decode(bytes, info, { options: {} });
      },
    }),
    options: { hangMs: 10 },
    check: /empty chunk/,
    message: /decode took \d+ ms \(hang bound 10 ms\)/,
  },
  {
    codec: variant('lenient-encode', {
      encode(pixels) {
        return pixelBytes(pixels).slice();
      },
      decode(bytes, info) {
        return good.decode(bytes, info, { options: {} });
      },
    }),
    check: /encode refuses pixels/,
    message: /encode accepted 99 pixels described as a 9x12 frame/,
  },
  {
    codec: variant('bad-schema', {
      options: { type: 'object', properties: { level: { type: 'integer', minimum: 1, maximum: 9, default: 12 } } },
    }),
    check: /options schema/,
    message: /options\.level has no description.*options\.level\.default 12 is above the maximum 9/,
  },
  {
    codec: variant('bad-hdf5', {
      options: { type: 'object', properties: { level: { type: 'integer', minimum: 1, maximum: 200, default: 3, description: 'level' } } },
      hdf5: {
        filters: (_dtype, params) => [{ id: 1, flags: 1, cdValues: [params.level as number] }],
        paramsFromFilters: (filters) => (filters[0]?.id === 1 ? { level: 1 } : null),
      },
    }),
    check: /filters\(dtype, params\) → paramsFromFilters/,
    message: /returned \{"level":1\}/,
  },
  {
    codec: variant('hdf5-throws', {
      hdf5: {
        filters: () => [{ id: 32100, flags: 0, cdValues: [] }],
        paramsFromFilters: (filters) => {
          if (filters[0]?.id !== 32100) throw new TypeError('not mine');
          return {};
        },
      },
    }),
    check: /never throws/,
    message: /threw TypeError: not mine/,
  },
];
