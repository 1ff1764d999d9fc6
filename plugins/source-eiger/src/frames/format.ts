import type { CodecCatalog, DType, Encoding, FrameShape, Hdf5Filter } from '@beamstack/contract';
import { inputError } from '../errors.js';
import type { FramePart } from './parts.js';
import type { ReaderDataset } from './reader-api.js';

/** Frames larger than this (pixels) are refused: 2^30 is far beyond any detector. */
const MAX_PIXELS = 2 ** 30;
/** Filters HDF5 itself (h5wasm) decodes: deflate, shuffle, fletcher32, nbit, scaleoffset. */
const BUILTIN_FILTERS = new Set([1, 2, 3, 5, 6]);

/**
 * How frames are read:
 * - 'chunks': each frame is one stored chunk (chunks (1, H, W)); the chunk bytes are the frame,
 *   tagged with the codec that maps the dataset's filter pipeline (or pixels when unfiltered);
 * - 'hdf5': anything else HDF5 itself can decode (other chunkings, contiguous layouts, filters no
 *   codec maps but HDF5 has built in): h5wasm reads and decodes the frame → pixels.
 */
export type ReadMode = { readonly kind: 'chunks'; readonly encoding: Encoding | null } | { readonly kind: 'hdf5' };

export interface FrameFormat {
  readonly shape: FrameShape;
  readonly dtype: DType;
  readonly rank: 2 | 3;
  readonly filters: readonly Hdf5Filter[];
  /** The dataset's fill value as a number (HDF5 default 0 when none is stored). */
  readonly fillValue: number;
  readonly mode: ReadMode;
  /** Why 'hdf5' was chosen, for the log. */
  readonly reason: string;
}

export function dtypeOfDataset(ds: ReaderDataset): DType {
  const { class: cls, size, littleEndian } = ds.dtype;
  const ctx = { file: ds.file, dataset: ds.path };
  if (cls !== 'uint' && cls !== 'int') throw inputError(`frames must be integers; the dataset holds ${cls} values of ${size} bytes`, ctx);
  if (size !== 1 && size !== 2 && size !== 4) throw inputError(`${size * 8}-bit ${cls} pixels are not supported (8, 16 or 32 bits)`, ctx);
  if (size > 1 && !littleEndian) throw inputError('big-endian pixels are not supported', ctx);
  return `${cls}${size * 8}` as DType;
}

export function describeFormat(ds: ReaderDataset, codecs: CodecCatalog): FrameFormat {
  const ctx = { file: ds.file, dataset: ds.path };
  const dtype = dtypeOfDataset(ds);
  const rank = ds.shape.length;
  if (rank !== 2 && rank !== 3) throw inputError(`frames dataset must be 3-D or 2-D; it has shape [${ds.shape.join(', ')}]`, ctx);
  const H = ds.shape[rank - 2]!;
  const W = ds.shape[rank - 1]!;
  if (!Number.isSafeInteger(H) || !Number.isSafeInteger(W) || H < 1 || W < 1 || H * W > MAX_PIXELS) {
    throw inputError(`implausible frame shape [${H}, ${W}]`, ctx);
  }
  const shape: FrameShape = [H, W];
  const fillValue = fillNumber(ds.fillValue, dtype);
  const frameChunks = ds.layout === 'chunked' && ds.chunks !== null && sameDims(ds.chunks, rank === 3 ? [1, H, W] : [H, W]);
  const base = { shape, dtype, rank: rank as 2 | 3, filters: ds.filters, fillValue };
  if (frameChunks) {
    if (ds.filters.length === 0) return { ...base, mode: { kind: 'chunks', encoding: null }, reason: '' };
    const mapped = codecs.fromHdf5Filters(ds.filters, dtype);
    if (mapped) return { ...base, mode: { kind: 'chunks', encoding: { codec: mapped.codec.id, params: mapped.params } }, reason: '' };
  }
  const unknown = ds.filters.filter((f) => !BUILTIN_FILTERS.has(f.id));
  const why = frameChunks
    ? `no loaded codec maps the HDF5 filter pipeline ${pipeline(ds.filters)}`
    : `chunks are ${ds.chunks ? `(${ds.chunks.join(', ')})` : `not used (${ds.layout} layout)`}, not one frame each`;
  if (unknown.length > 0) {
    throw inputError(
      `${why}, and HDF5 itself lacks filter${unknown.length > 1 ? 's' : ''} ${unknown.map((f) => f.id).join(', ')}: cannot read these frames${frameChunks ? ' (load a codec plugin for that filter)' : ''}`,
      ctx,
    );
  }
  return { ...base, mode: { kind: 'hdf5' }, reason: why };
}

/** Every readable part must hold frames of the same form as the first. */
export function checkSameFormat(first: ReaderDataset, other: ReaderDataset, part: FramePart): void {
  const ctx = { file: other.file, dataset: other.path };
  const a = dtypeOfDataset(first);
  const b = dtypeOfDataset(other);
  const dims = (ds: ReaderDataset): string => ds.shape.slice(-2).join(' × ');
  if (a !== b || dims(first) !== dims(other)) {
    throw inputError(`${part.via} holds ${b} frames of ${dims(other)}, but ${first.file} holds ${a} frames of ${dims(first)}`, ctx);
  }
  if (pipeline(first.filters) !== pipeline(other.filters) || first.layout !== other.layout || !sameDims(first.chunks ?? [], other.chunks ?? [])) {
    throw inputError(
      `${part.via} is stored differently (filters ${pipeline(other.filters)}, chunks ${JSON.stringify(other.chunks)}) from ${first.file} (filters ${pipeline(first.filters)}, chunks ${JSON.stringify(first.chunks)}); one source must give frames in one form`,
      ctx,
    );
  }
}

export function pipeline(filters: readonly Hdf5Filter[]): string {
  return filters.length === 0 ? '(none)' : filters.map((f) => `${f.id}[${f.cdValues.join(',')}]`).join(' → ');
}

function sameDims(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function fillNumber(bytes: Uint8Array | null, dtype: DType): number {
  if (bytes === null || bytes.byteLength === 0) return 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = { uint8: 1, int8: 1, uint16: 2, int16: 2, uint32: 4, int32: 4 }[dtype];
  if (bytes.byteLength < need) return 0;
  switch (dtype) {
    case 'uint8':
      return view.getUint8(0);
    case 'int8':
      return view.getInt8(0);
    case 'uint16':
      return view.getUint16(0, true);
    case 'int16':
      return view.getInt16(0, true);
    case 'uint32':
      return view.getUint32(0, true);
    case 'int32':
      return view.getInt32(0, true);
  }
}
