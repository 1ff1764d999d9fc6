import { Inflate, zlibSync } from 'fflate';
import { adler32 } from './adler32.js';
import { allocateOutput, type ZlibEngine } from './engine.js';
import { DeflateFormatError } from './errors.js';
import { ZLIB_HEADER_BYTES, ZLIB_TRAILER_BYTES, readAdler32 } from './zlib-format.js';

/*
 * fflate's one-shot unzlibSync neither checks the Adler-32 nor notices bytes after the deflate
 * data, and grows its output without limit. So this path feeds fflate's streaming Inflate in
 * bounded slices, copies what it produces into the exact frame buffer (stopping as soon as it
 * would overflow), checks the Adler-32 itself, and reads the stream's end position from the
 * inflater's state to refuse trailing bytes.
 */

/**
 * The Inflate state this module reads, as declared (private) in fflate 0.8.3's typings:
 * `p` = input not yet consumed, `s.p` = bit position in `p`, `s.f`/`s.l` = final block seen /
 * a block still open. fflate is pinned to that exact version; the tests cover this path.
 */
interface InflateState {
  readonly p: Uint8Array;
  readonly s: { readonly p?: number; readonly f?: number; readonly l?: unknown };
}

function stateOf(inflater: Inflate): InflateState {
  const state = inflater as unknown as Partial<InflateState>;
  if (!(state.p instanceof Uint8Array) || typeof state.s !== 'object' || state.s === null) {
    throw new Error('fflate Inflate no longer exposes its stream state (pinned version changed?)');
  }
  return state as InflateState;
}

/**
 * Input bytes per push. Deflate expands its input at most ~1032x, so even a zip bomb makes one
 * push produce at most about one frame of output (4 MiB for small frames) before the overflow
 * check stops it.
 */
function sliceBytes(expectedBytes: number): number {
  return Math.max(4096, Math.min(1 << 20, Math.floor(expectedBytes / 1032)));
}

function inflateBounded(chunk: Uint8Array, expectedBytes: number): Uint8Array {
  const body = chunk.subarray(ZLIB_HEADER_BYTES, chunk.length - ZLIB_TRAILER_BYTES);
  const out = allocateOutput(expectedBytes);
  let produced = 0;
  const inflater = new Inflate((data: Uint8Array) => {
    if (data.length > expectedBytes - produced) {
      throw new DeflateFormatError(`zlib stream inflates to more than the frame's ${expectedBytes} bytes`);
    }
    out.set(data, produced);
    produced += data.length;
  });
  const step = sliceBytes(expectedBytes);
  try {
    for (let at = 0; at < body.length; at += step) {
      const end = Math.min(at + step, body.length);
      inflater.push(body.subarray(at, end), end === body.length);
    }
  } catch (error) {
    if (error instanceof DeflateFormatError) throw error;
    // Anything fflate throws here is its reaction to the (hostile) input. Its code 0 is
    // "unexpected EOF".
    if ((error as { code?: unknown }).code === 0) throw new DeflateFormatError('zlib stream is truncated', { cause: error });
    const message = error instanceof Error ? error.message : String(error);
    throw new DeflateFormatError(`zlib stream is corrupt: ${message}`, { cause: error });
  }
  const state = stateOf(inflater);
  if (!state.s.f || state.s.l) throw new DeflateFormatError('zlib stream is truncated');
  const partialByte = (state.s.p ?? 0) % 8 !== 0 ? 1 : 0;
  const trailing = state.p.length - partialByte;
  if (trailing > 0) {
    throw new DeflateFormatError(`${trailing} bytes follow the end of the zlib stream (byte ${chunk.length - trailing})`);
  }
  if (produced !== expectedBytes) {
    throw new DeflateFormatError(`zlib stream inflates to ${produced} bytes, the frame has ${expectedBytes}`);
  }
  const stored = readAdler32(chunk, chunk.length - ZLIB_TRAILER_BYTES);
  const actual = adler32(out);
  if (stored !== actual) {
    throw new DeflateFormatError(`zlib stream fails its Adler-32 check (stored ${hex32(stored)}, data ${hex32(actual)})`);
  }
  return out;
}

const hex32 = (value: number): string => value.toString(16).padStart(8, '0');

/** fflate (pure JavaScript): the portable path, for runtimes without node:zlib. */
export const fflateEngine: ZlibEngine = {
  name: 'fflate',
  deflate(data: Uint8Array, level: number): Uint8Array {
    return zlibSync(data, { level: level as 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 });
  },
  inflate: inflateBounded,
};
