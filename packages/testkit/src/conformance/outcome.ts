import {
  ErrorCodes,
  isBeamstackError,
  pixelCount,
  type BeamstackError,
  type CodecStage,
  type DType,
  type FrameInfo,
  type JsonObject,
  type PixelArray,
} from '@beamstack/contract';

/** What one decode of possibly hostile bytes did, judged by the contract's rules. */
export type DecodeOutcome = (
  | { readonly kind: 'ok'; readonly pixels: PixelArray; readonly ms: number }
  | { readonly kind: 'decode-error'; readonly error: BeamstackError; readonly ms: number }
  | { readonly kind: 'failure'; readonly problem: string; readonly error?: unknown; readonly ms: number }
) & {
  /** Slow attempts before this outcome (timed again because they exceeded the hang bound). */
  readonly slowAttempts?: number;
};

const ARRAY_OF: Readonly<Record<DType, new (...args: never[]) => PixelArray>> = {
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
};

/** True when `value` is a typed array of exactly `dtype`'s element type (Uint8Array subclasses such as Buffer count as uint8). */
export function isPixelArrayOf(value: unknown, dtype: DType): value is PixelArray {
  const type = ARRAY_OF[dtype];
  if (!(value instanceof type)) return false;
  // Uint8ClampedArray is not a Uint8Array, but guard against typed-array look-alikes anyway.
  return ArrayBuffer.isView(value);
}

/** Whether a coded error names the codec, in its context or its message. */
export function namesCodec(error: BeamstackError, codecId: string): boolean {
  return error.context?.codec === codecId || error.message.includes(codecId);
}

export interface AttemptOptions {
  /** A decode slower than this is reported as a hang (ms). */
  readonly hangMs: number;
  /** Also require that decode leaves its input unchanged (costs a copy and a compare). */
  readonly checkInputUnchanged?: boolean;
  /**
   * Decodes slower than `hangMs` are timed again this many times (default 2) and count as a hang
   * only when every attempt is slow: on a shared machine one pause (GC, another process) is noise,
   * a real hang repeats.
   */
  readonly slowRetries?: number;
}

/**
 * Runs `codec.decode` once and classifies the result. Allowed outcomes: pixels of exactly the
 * frame's type and size, or a BeamstackError with code BEAMSTACK_E_DECODE naming the codec.
 * Anything else (another exception type, another code, a wrong-sized result, an aliased or
 * modified input, a decode slower than `hangMs`) is a failure with a one-line problem.
 */
export function attemptDecode(codec: CodecStage, bytes: Uint8Array, info: FrameInfo, params: JsonObject, options: AttemptOptions): DecodeOutcome {
  let outcome = attemptOnce(codec, bytes, info, params, options);
  for (let retry = 0; retry < (options.slowRetries ?? 2) && isSlow(outcome); retry++) {
    const again = attemptOnce(codec, bytes, info, params, options);
    outcome = isSlow(again) ? outcome : { ...again, slowAttempts: retry + 1 };
  }
  return outcome;
}

function isSlow(outcome: DecodeOutcome): boolean {
  return outcome.kind === 'failure' && outcome.problem.startsWith('decode took');
}

function attemptOnce(codec: CodecStage, bytes: Uint8Array, info: FrameInfo, params: JsonObject, options: AttemptOptions): DecodeOutcome {
  const before = options.checkInputUnchanged ? copyBytes(bytes) : null;
  const start = performance.now();
  let pixels: unknown;
  let thrown: unknown;
  let threw = false;
  try {
    pixels = codec.decode(bytes, info, { options: params });
  } catch (error) {
    threw = true;
    thrown = error;
  }
  const ms = performance.now() - start;
  if (ms > options.hangMs) {
    return { kind: 'failure', problem: `decode took ${ms.toFixed(0)} ms (hang bound ${options.hangMs} ms)`, ms, ...(threw ? { error: thrown } : {}) };
  }
  if (before && !sameBytes(before, bytes)) return { kind: 'failure', problem: 'decode modified its input bytes', ms };
  if (threw) {
    if (!isBeamstackError(thrown)) return { kind: 'failure', problem: `decode threw ${describeThrown(thrown)} instead of a BeamstackError`, error: thrown, ms };
    if (thrown.code !== ErrorCodes.DECODE) {
      return { kind: 'failure', problem: `decode threw ${thrown.code} instead of ${ErrorCodes.DECODE}: ${thrown.message}`, error: thrown, ms };
    }
    if (!namesCodec(thrown, codec.id)) {
      return { kind: 'failure', problem: `the ${ErrorCodes.DECODE} error names no codec (context.codec or message should say '${codec.id}'): ${thrown.message}`, error: thrown, ms };
    }
    return { kind: 'decode-error', error: thrown, ms };
  }
  const expected = pixelCount(info.shape);
  if (!isPixelArrayOf(pixels, info.dtype)) return { kind: 'failure', problem: `decode returned ${describeValue(pixels)}, not a ${info.dtype} pixel array`, ms };
  if (pixels.length !== expected) return { kind: 'failure', problem: `decode returned ${pixels.length} pixels for a frame of ${expected}`, ms };
  if (pixels.buffer === bytes.buffer) return { kind: 'failure', problem: `decode returned ${sharing(pixels, bytes)} its input (the host transfers results between threads)`, ms };
  return { kind: 'ok', pixels, ms };
}

/** How a result shares memory with an input that has the same ArrayBuffer, for messages. */
export function sharing(result: ArrayBufferView, input: ArrayBufferView): string {
  const overlap = result.byteOffset < input.byteOffset + input.byteLength && input.byteOffset < result.byteOffset + result.byteLength;
  return overlap
    ? 'a view of the memory of'
    : `a view of the same ${result.buffer.byteLength}-byte ArrayBuffer (Node's Buffer pool?) as`;
}

/**
 * A copy in a new buffer. Not `.slice()`: on a Node Buffer (what many codecs return) that is a
 * view of the same memory, so a "copy" would change with the original or vanish on transfer.
 */
export function copyBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  return Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;
}

export function describeThrown(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `a non-Error value (${typeof error}: ${String(error).slice(0, 80)})`;
}

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as { length?: number }).length ?? value.byteLength})`;
  return typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
}

/** The first bytes of a chunk in hex, for failure messages. */
export function hexPreview(bytes: Uint8Array, max = 32): string {
  const shown = Array.from(bytes.subarray(0, max), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > max ? `${shown} … (${bytes.length} bytes)` : `${shown} (${bytes.length} bytes)`;
}
