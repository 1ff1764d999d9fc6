import {
  ErrorCodes,
  isBeamstackError,
  pixelBytes,
  type CodecStage,
  type DType,
  type FrameInfo,
  type FrameShape,
  type JsonObject,
  type PixelArray,
} from '@beamstack/contract';
import { fail, type ConformanceCheck } from './check.js';
import { copyBytes, describeThrown, describeValue, hexPreview, isPixelArrayOf, sameBytes, sharing } from './outcome.js';
import { patternPixels, type PixelPattern } from './patterns.js';
import { hashString, mixSeed } from './random.js';

/** The inputs of one round-trip case, named so a failure says exactly how to reproduce it. */
export interface FrameCase {
  readonly dtype: DType;
  readonly shape: FrameShape;
  readonly pattern: PixelPattern;
  readonly seed: number;
}

export function caseLabel(c: FrameCase, params: JsonObject): string {
  return `${c.dtype} ${c.shape[0]}x${c.shape[1]} '${c.pattern}' seed ${c.seed} params ${JSON.stringify(params)}`;
}

export function casePixels(c: FrameCase): PixelArray {
  return patternPixels(c.pattern, c.dtype, c.shape, c.seed);
}

export function caseSeed(seed: number, dtype: DType, shape: FrameShape, pattern: PixelPattern): number {
  return mixSeed(seed, hashString(dtype), shape[0], shape[1], hashString(pattern));
}

/** encode, with every way it can break the contract turned into a ConformanceError. */
export function encodeChecked(codec: CodecStage, pixels: PixelArray, info: FrameInfo, params: JsonObject, label: string): Uint8Array {
  let bytes: unknown;
  try {
    bytes = codec.encode(pixels, info, { options: params });
  } catch (error) {
    fail(`encode threw ${describeThrown(error)} for ${label}`, error);
  }
  if (!(bytes instanceof Uint8Array)) fail(`encode returned ${describeValue(bytes)}, not a Uint8Array, for ${label}`);
  if (bytes.buffer === pixels.buffer) fail(`encode returned ${sharing(bytes, pixels)} its input pixels for ${label}`);
  return bytes;
}

/** decode of a valid chunk: must give pixels of the frame's type and size, never throw. */
export function decodeChecked(codec: CodecStage, bytes: Uint8Array, info: FrameInfo, params: JsonObject, label: string): PixelArray {
  let pixels: unknown;
  try {
    pixels = codec.decode(bytes, info, { options: params });
  } catch (error) {
    fail(`decode of a chunk the codec just encoded threw ${describeThrown(error)} for ${label}; chunk ${hexPreview(bytes)}`, error);
  }
  if (!isPixelArrayOf(pixels, info.dtype)) fail(`decode returned ${describeValue(pixels)}, not a ${info.dtype} pixel array, for ${label}`);
  const expected = info.shape[0] * info.shape[1];
  if (pixels.length !== expected) fail(`decode returned ${pixels.length} pixels instead of ${expected} for ${label}`);
  if (pixels.buffer === bytes.buffer) fail(`decode returned ${sharing(pixels, bytes)} its input chunk for ${label}`);
  return pixels;
}

export function assertSamePixels(expected: PixelArray, actual: PixelArray, label: string): void {
  for (let i = 0; i < expected.length; i++) {
    if (expected[i] !== actual[i]) {
      fail(`round trip changed pixel ${i}: expected ${expected[i]}, got ${actual[i]} for ${label}`);
    }
  }
}

/** Every shape × pattern for one dtype and one option set: decode(encode(x)) === x. */
export function roundTripCheck(codec: CodecStage, dtype: DType, params: JsonObject, shapes: readonly FrameShape[], patterns: readonly PixelPattern[], seed: number): ConformanceCheck {
  return {
    name: `round trip: ${dtype}, params ${JSON.stringify(params)} (${shapes.length} shapes x ${patterns.length} patterns)`,
    run() {
      for (const shape of shapes) {
        for (const pattern of patterns) {
          const c: FrameCase = { dtype, shape, pattern, seed: caseSeed(seed, dtype, shape, pattern) };
          const label = caseLabel(c, params);
          const pixels = casePixels(c);
          const info: FrameInfo = { shape, dtype };
          const bytes = encodeChecked(codec, pixels, info, params, label);
          const decoded = decodeChecked(codec, bytes, info, params, label);
          assertSamePixels(pixels, decoded, label);
        }
      }
    },
  };
}

/** encode must not modify its pixels, decode must not modify its chunk. */
export function immutabilityCheck(codec: CodecStage, dtype: DType, params: JsonObject, shapes: readonly FrameShape[], patterns: readonly PixelPattern[], seed: number): ConformanceCheck {
  return {
    name: `leaves its input unchanged: ${dtype}, params ${JSON.stringify(params)}`,
    run() {
      for (const shape of shapes) {
        for (const pattern of patterns) {
          const c: FrameCase = { dtype, shape, pattern, seed: caseSeed(seed, dtype, shape, pattern) };
          const label = caseLabel(c, params);
          const info: FrameInfo = { shape, dtype };
          const pixels = casePixels(c);
          const pixelsBefore = copyBytes(pixelBytes(pixels));
          const bytes = encodeChecked(codec, pixels, info, params, label);
          if (!sameBytes(pixelsBefore, pixelBytes(pixels))) fail(`encode modified its input pixels for ${label}`);
          const bytesBefore = copyBytes(bytes);
          decodeChecked(codec, bytes, info, params, label);
          if (!sameBytes(bytesBefore, bytes)) fail(`decode modified its input chunk for ${label}`);
        }
      }
    },
  };
}

/**
 * The host transfers every result to another thread, which detaches its buffer. So results
 * must be fresh: not the input's buffer, not shared between calls (Node's pooled Buffers are),
 * and the codec must keep working after its previous results were transferred away.
 */
export function freshBufferCheck(codec: CodecStage, dtype: DType, params: JsonObject, shape: FrameShape, seed: number): ConformanceCheck {
  return {
    name: `returns fresh, transferable buffers: ${dtype}, params ${JSON.stringify(params)}`,
    run() {
      const info: FrameInfo = { shape, dtype };
      const c: FrameCase = { dtype, shape, pattern: 'eiger-sparse', seed: caseSeed(seed, dtype, shape, 'eiger-sparse') };
      const label = caseLabel(c, params);
      const pixels = casePixels(c);
      const first = encodeChecked(codec, pixels, info, params, label);
      const second = encodeChecked(codec, pixels, info, params, label);
      if (first.buffer === second.buffer) {
        fail(`two encode calls returned views of the same ArrayBuffer (${first.buffer.byteLength} bytes) for ${label}: results must not share memory (copy out of scratch or Buffer-pool memory into a new Uint8Array)`);
      }
      if (first.buffer instanceof SharedArrayBuffer) fail(`encode returned a view of a SharedArrayBuffer for ${label}`);
      const expected = copyBytes(first);
      transferAway(first, 'encode', label);
      const third = encodeChecked(codec, pixels, info, params, label);
      if (!sameBytes(expected, third)) fail(`encode gave different bytes after its previous result was transferred to another thread, for ${label}`);

      const a = decodeChecked(codec, third, info, params, label);
      const b = decodeChecked(codec, third, info, params, label);
      if (a.buffer === b.buffer) fail(`two decode calls returned views of the same ArrayBuffer for ${label}`);
      if (a.buffer instanceof SharedArrayBuffer) fail(`decode returned a view of a SharedArrayBuffer for ${label}`);
      transferAway(a, 'decode', label);
      const again = decodeChecked(codec, third, info, params, label);
      assertSamePixels(pixels, again, `${label} (after the previous decode result was transferred)`);
    },
  };
}

function transferAway(view: ArrayBufferView, hook: string, label: string): void {
  const size = view.buffer.byteLength;
  try {
    structuredClone(view, { transfer: [view.buffer as ArrayBuffer] });
  } catch (error) {
    fail(`the buffer returned by ${hook} cannot be transferred to another thread (${describeThrown(error)}) for ${label}`, error);
  }
  // Node copies instead of moving buffers it marks untransferable (WebAssembly memory, the
  // Buffer pool): no error, but every frame would drag the whole backing store along.
  if (view.buffer.byteLength !== 0) {
    fail(`the ${size}-byte buffer behind ${hook}'s result was copied, not transferred (WebAssembly memory or Node's Buffer pool?), for ${label}; return a view of a fresh ArrayBuffer`);
  }
}

/** The same pixels must always give the same bytes, also after encoding other frames in between. */
export function determinismCheck(codec: CodecStage, dtype: DType, params: JsonObject, shapes: readonly FrameShape[], seed: number): ConformanceCheck {
  return {
    name: `encode is deterministic: ${dtype}, params ${JSON.stringify(params)}`,
    run() {
      const patterns: PixelPattern[] = ['eiger-sparse', 'random', 'extremes'];
      const cases = shapes.flatMap((shape) => patterns.map((pattern): FrameCase => ({ dtype, shape, pattern, seed: caseSeed(seed, dtype, shape, pattern) })));
      // Copied at once: a codec that reuses its output memory must not rewrite the reference.
      const firstCopies = cases.map((c) => copyBytes(encodeChecked(codec, casePixels(c), { shape: c.shape, dtype }, params, caseLabel(c, params))));
      // Second pass in reverse order, so state left behind by a larger frame would show.
      for (let k = cases.length - 1; k >= 0; k--) {
        const c = cases[k]!;
        const again = encodeChecked(codec, casePixels(c), { shape: c.shape, dtype }, params, caseLabel(c, params));
        if (!sameBytes(firstCopies[k]!, again)) fail(`encoding the same pixels twice gave different bytes for ${caseLabel(c, params)}`);
      }
    },
  };
}

/** Pixels that do not fit the frame description must be refused with a coded error, not encoded into a wrong chunk. */
export function encodeMismatchCheck(codec: CodecStage, dtype: DType, params: JsonObject, seed: number): ConformanceCheck {
  return {
    name: `encode refuses pixels that do not match the frame: ${dtype}`,
    run() {
      const shape: FrameShape = [9, 11];
      const c: FrameCase = { dtype, shape, pattern: 'eiger-sparse', seed: caseSeed(seed, dtype, shape, 'eiger-sparse') };
      const pixels = casePixels(c);
      for (const wrong of [[9, 12], [8, 11]] as const) {
        const info: FrameInfo = { shape: wrong, dtype };
        let result: unknown;
        try {
          result = codec.encode(pixels, info, { options: params });
        } catch (error) {
          if (isBeamstackError(error) && error.code === ErrorCodes.ENCODE) continue;
          fail(`encode of ${pixels.length} pixels described as ${wrong[0]}x${wrong[1]} threw ${describeThrown(error)}; expected a BeamstackError ${ErrorCodes.ENCODE}`, error);
        }
        fail(`encode accepted ${pixels.length} pixels described as a ${wrong[0]}x${wrong[1]} frame and returned ${describeValue(result)}; expected a BeamstackError ${ErrorCodes.ENCODE}`);
      }
    },
  };
}
