import { inflateSync } from 'node:zlib';
import type { Hdf5Filter } from '@beamstack/contract';
import { inputError } from '../errors.js';

/**
 * Undoes the filters HDF5 did apply to a chunk whose filter mask says some were skipped (an
 * optional filter that did not help, e.g. deflate on noise). Only the built-in filters a
 * partial pipeline can leave behind are known: deflate (1), shuffle (2), fletcher32 (3).
 */
export function undoAppliedFilters(
  bytes: Uint8Array,
  filters: readonly Hdf5Filter[],
  filterMask: number,
  frameBytes: number,
  elementSize: number,
): Uint8Array {
  let data = bytes;
  for (let i = filters.length - 1; i >= 0; i--) {
    if ((filterMask >>> i) & 1) continue;
    const f = filters[i]!;
    switch (f.id) {
      case 1:
        try {
          data = new Uint8Array(inflateSync(data, { maxOutputLength: frameBytes }));
        } catch (error) {
          throw inputError(`deflate data of the chunk are corrupt: ${(error as Error).message}`, {}, error);
        }
        break;
      case 2:
        data = unshuffle(data, f.cdValues[0] ?? elementSize);
        break;
      case 3:
        if (data.byteLength < 4) throw inputError('chunk too short for its fletcher32 checksum');
        data = data.subarray(0, data.byteLength - 4);
        break;
      default:
        throw inputError(`the chunk skipped some filters but filter ${f.id} was applied; this source cannot undo it alone`);
    }
  }
  return data;
}

/** Inverse of the HDF5 byte shuffle: all first bytes, then all second bytes, ... → elements. */
export function unshuffle(data: Uint8Array, size: number): Uint8Array {
  if (!Number.isInteger(size) || size <= 1) return data;
  const n = Math.floor(data.byteLength / size);
  const out = new Uint8Array(data.byteLength);
  for (let j = 0; j < size; j++) {
    const plane = j * n;
    for (let i = 0; i < n; i++) out[i * size + j] = data[plane + i]!;
  }
  // Bytes past the last whole element are copied as they are (HDF5 does the same).
  out.set(data.subarray(n * size), n * size);
  return out;
}
