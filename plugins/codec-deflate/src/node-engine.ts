import type * as NodeZlib from 'node:zlib';
import type { ZlibEngine } from './engine.js';
import { standalone } from './engine.js';
import { DeflateFormatError } from './errors.js';

export type ZlibModule = typeof NodeZlib;

/*
 * node:zlib is looked up at run time (not imported), so this package still loads where it does
 * not exist (browsers, other runtimes) and falls back to fflate there.
 */
let zlibModule: ZlibModule | null | undefined;

export function nodeZlib(): ZlibModule | null {
  if (zlibModule === undefined) {
    const host = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    zlibModule = (host?.getBuiltinModule?.('node:zlib') as ZlibModule | undefined) ?? null;
  }
  return zlibModule;
}

/** What inflateSync returns with `info: true` (not in @types/node's signature). */
interface InflateWithInfo {
  readonly buffer: Buffer;
  readonly engine: { readonly bytesWritten: number };
}

/** Compressed output arrives in pieces of this size (fewer, larger pieces than the 16 KiB default). */
const DEFLATE_CHUNK_BYTES = 1 << 20;
/** Largest single output piece when inflating; a frame up to this size is inflated into one buffer. */
const MAX_INFLATE_CHUNK_BYTES = 1 << 28;

function errorCode(error: unknown): unknown {
  return error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
}

/** Node's errors for inflate input and output sizes, as DeflateFormatErrors (anything else is rethrown). */
function inflateFailure(error: unknown, expectedBytes: number): DeflateFormatError | null {
  const code = errorCode(error);
  if (code === 'ERR_BUFFER_TOO_LARGE') {
    return new DeflateFormatError(`zlib stream inflates to more than the frame's ${expectedBytes} bytes`, { cause: error });
  }
  if (code === 'Z_BUF_ERROR') return new DeflateFormatError('zlib stream is truncated', { cause: error });
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new DeflateFormatError(`zlib stream is corrupt: ${(error as Error).message}`, { cause: error });
  }
  // The frame itself is too large for one Buffer here (maxOutputLength out of range, or the
  // output buffer could not be allocated).
  if (code === 'ERR_OUT_OF_RANGE' || (error instanceof RangeError && /allocat/i.test(error.message))) {
    return new DeflateFormatError(`cannot allocate ${expectedBytes} bytes for the decoded frame`, { cause: error });
  }
  return null;
}

/** Node's bundled zlib (C): the fast path in Node. */
export function createNodeEngine(zlib: ZlibModule): ZlibEngine {
  return {
    name: 'node',
    deflate(data: Uint8Array, level: number): Uint8Array {
      const chunkSize = Math.min(DEFLATE_CHUNK_BYTES, Math.max(1024, data.length));
      return standalone(zlib.deflateSync(data, { level, chunkSize }));
    },
    inflate(chunk: Uint8Array, expectedBytes: number): Uint8Array {
      let result: InflateWithInfo;
      try {
        // maxOutputLength stops inflating as soon as the output passes the frame, so a zip bomb
        // costs at most two output pieces. With one piece of exactly the frame's size, a valid
        // stream lands in a single fresh buffer: no concatenation copy. (Node wants >= 1 and >= 64.)
        result = zlib.inflateSync(chunk, {
          maxOutputLength: Math.max(1, expectedBytes),
          chunkSize: Math.max(64, Math.min(MAX_INFLATE_CHUNK_BYTES, expectedBytes)),
          info: true,
        } as NodeZlib.ZlibOptions) as unknown as InflateWithInfo;
      } catch (error) {
        throw inflateFailure(error, expectedBytes) ?? error;
      }
      const out = result.buffer;
      if (out.length !== expectedBytes) {
        throw new DeflateFormatError(`zlib stream inflates to ${out.length} bytes, the frame has ${expectedBytes}`);
      }
      const used = result.engine.bytesWritten;
      if (used !== chunk.length) {
        throw new DeflateFormatError(`${chunk.length - used} bytes follow the end of the zlib stream (byte ${used})`);
      }
      return standalone(out);
    },
  };
}
