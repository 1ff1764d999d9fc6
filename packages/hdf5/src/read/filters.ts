import { inflateSync } from 'node:zlib';
import type { Hdf5Filter } from '@beamstack/contract';
import { malformed, type ReadContext } from './errors.js';

const DEFLATE = 1;
const SHUFFLE = 2;
const FLETCHER32 = 3;

/** True when `read()` can undo this pipeline itself (deflate, shuffle, fletcher32). */
export function builtInPipeline(filters: readonly Hdf5Filter[]): boolean {
  return filters.every((f) => f.id === DEFLATE || f.id === SHUFFLE || f.id === FLETCHER32);
}

/**
 * Undoes the filter pipeline on one stored chunk, last filter first, skipping filters whose
 * bit is set in the mask. `expected` bounds inflation (a chunk never decodes larger than its
 * unfiltered size), so a malicious stream cannot expand without limit.
 */
export function unfilter(
  ctx: ReadContext,
  filters: readonly Hdf5Filter[],
  mask: number,
  stored: Uint8Array,
  expected: number,
  elementSize: number,
): Uint8Array {
  let data = stored;
  for (let i = filters.length - 1; i >= 0; i--) {
    if (mask & (1 << i)) continue;
    const f = filters[i]!;
    switch (f.id) {
      case DEFLATE:
        try {
          data = inflateSync(data, { maxOutputLength: Math.max(1, expected) });
        } catch (err) {
          throw malformed(ctx, `deflate stream does not decode: ${(err as Error).message}`, err);
        }
        break;
      case SHUFFLE:
        data = unshuffle(data, f.cdValues[0] ?? elementSize);
        break;
      case FLETCHER32:
        if (data.length < 4) throw malformed(ctx, 'fletcher32 chunk shorter than its checksum');
        data = data.subarray(0, data.length - 4);
        break;
      default:
        throw malformed(ctx, `filter ${f.id}${f.name ? ` (${f.name})` : ''} is not built into the reader; decode chunks with a codec plugin`);
    }
  }
  return data;
}

/** Inverse of HDF5's shuffle: byte j of element i was stored at j * n + i; a tail is stored as is. */
function unshuffle(data: Uint8Array, size: number): Uint8Array {
  const n = Math.floor(data.length / size);
  // Like HDF5: nothing to undo for 1-byte elements or fewer than two elements.
  if (size <= 1 || n <= 1) return data;
  const out = new Uint8Array(data.length);
  for (let j = 0; j < size; j++) {
    const from = j * n;
    for (let i = 0; i < n; i++) out[i * size + j] = data[from + i]!;
  }
  out.set(data.subarray(n * size), n * size);
  return out;
}
