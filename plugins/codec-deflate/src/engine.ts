import { DeflateFormatError } from './errors.js';

/**
 * A zlib (RFC 1950) implementation. Both produce streams any zlib reader decodes; their bytes
 * differ, so tests compare decoded pixels, never compressed bytes across engines.
 */
export interface ZlibEngine {
  readonly name: 'node' | 'fflate';
  /** A complete zlib stream of `data` at `level` (0-9), in a fresh buffer of exactly its length. */
  deflate(data: Uint8Array, level: number): Uint8Array;
  /**
   * Strict, bounded inflate of a whole zlib stream whose header `checkZlibHeader` accepted: it
   * must decode to exactly `expectedBytes` bytes (never allocating much beyond them), its Adler-32
   * must match, and no bytes may follow it. Returns the bytes in a fresh buffer of exactly
   * their length, owned by the caller; throws DeflateFormatError.
   */
  inflate(chunk: Uint8Array, expectedBytes: number): Uint8Array;
}

/** A fresh buffer of exactly the view's bytes, so it can be transferred to another thread alone. */
export function standalone(bytes: Uint8Array): Uint8Array {
  if (bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength && bytes.buffer instanceof ArrayBuffer) {
    return bytes;
  }
  // Not bytes.slice(): on a Node Buffer that is a view, not a copy.
  return new Uint8Array(bytes);
}

/** Node's Buffer, where the runtime has one (looked up, not imported, to stay portable). */
const nodeBuffer = (globalThis as { Buffer?: { allocUnsafeSlow(size: number): Uint8Array } }).Buffer;

/**
 * A fresh buffer of exactly `bytes` for inflated data, NOT zeroed: the engine fills every byte
 * before returning it (and drops it when it throws). In Node this is `Buffer.allocUnsafeSlow`
 * (unpooled, its own ArrayBuffer): it reuses freed memory instead of faulting in fresh zeroed
 * pages, ~6 ms cheaper per 4M frame here. An allocation failure becomes a DeflateFormatError.
 */
export function allocateOutput(bytes: number): Uint8Array {
  try {
    return nodeBuffer ? nodeBuffer.allocUnsafeSlow(bytes) : new Uint8Array(bytes);
  } catch (error) {
    throw new DeflateFormatError(`cannot allocate ${bytes} bytes for the decoded frame`, { cause: error });
  }
}
