import { Hdf5Reader, type Hdf5DatasetReader, type Hdf5ReadValue } from '@beamstack/hdf5';
import { bytesPerPixel, dtypeInfo, type DType, type FrameShape, type Hdf5Filter } from '@beamstack/contract';
import { sameFilters } from './compression.js';
import { RUN_KEY_ATTRIBUTE } from './run-key.js';

/** What a data file left by an earlier run must hold to be kept by this one. */
export interface DataFileExpectation {
  /** 0-based series index of its first frame. */
  readonly firstFrame: number;
  readonly frames: number;
  readonly shape: FrameShape;
  readonly dtype: DType;
  readonly filters: readonly Hdf5Filter[];
  readonly runKey: string;
}

/**
 * Checks a finished data file against what this run would write, reading it with our own HDF5
 * reader: /entry/data/data as [n, H, W] of this dtype, chunks (1, H, W) through this filter
 * pipeline, every chunk stored and none with a skipped filter, image_nr_low/high, and the run
 * key. Returns null when the file can be kept, otherwise why not. Never throws.
 */
export async function whyNotKept(path: string, expect: DataFileExpectation): Promise<string | null> {
  let reader: Hdf5Reader | null = null;
  try {
    reader = await Hdf5Reader.open(path);
    const data = await reader.dataset('/entry/data/data');
    return (await layoutProblem(data, expect)) ?? (await chunkProblem(data, expect));
  } catch (error) {
    return `unreadable: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    await reader?.close().catch(() => undefined);
  }
}

async function layoutProblem(data: Hdf5DatasetReader, expect: DataFileExpectation): Promise<string | null> {
  const [H, W] = expect.shape;
  const want = [expect.frames, H, W];
  if (!sameNumbers(data.shape, want)) return `/entry/data/data has shape [${data.shape.join(', ')}], this run needs [${want.join(', ')}]`;
  const info = dtypeInfo(expect.dtype);
  const dtype = data.dtype;
  if (dtype.class !== (info.signed ? 'int' : 'uint') || dtype.size !== bytesPerPixel(expect.dtype) || !dtype.littleEndian) {
    return `/entry/data/data holds ${dtype.littleEndian ? 'little' : 'big'}-endian ${dtype.class}${dtype.size * 8}, this run writes ${expect.dtype}`;
  }
  if (data.layout !== 'chunked' || !data.chunks || !sameNumbers(data.chunks, [1, H, W])) {
    return `/entry/data/data is not chunked frame by frame (layout ${data.layout}, chunks ${data.chunks ? `[${data.chunks.join(', ')}]` : 'none'})`;
  }
  if (!sameFilters(data.filters, expect.filters)) {
    return `filter pipeline ${describe(data.filters)} differs from this run's ${describe(expect.filters)}`;
  }
  const attrs = await data.attributes();
  const low = asInteger(attrs['image_nr_low']);
  const high = asInteger(attrs['image_nr_high']);
  if (low !== expect.firstFrame + 1 || high !== expect.firstFrame + expect.frames) {
    return `image_nr_low/high are ${String(low)}/${String(high)}, expected ${expect.firstFrame + 1}/${expect.firstFrame + expect.frames}`;
  }
  const key = attrs[RUN_KEY_ATTRIBUTE];
  if (key === undefined) return `it has no ${RUN_KEY_ATTRIBUTE} (not written by a resumable run)`;
  if (key !== expect.runKey) return 'it was written from other input, steps or codec options (run key differs)';
  return null;
}

async function chunkProblem(data: Hdf5DatasetReader, expect: DataFileExpectation): Promise<string | null> {
  const [H, W] = expect.shape;
  const rawBytes = H * W * bytesPerPixel(expect.dtype);
  for (let i = 0; i < expect.frames; i++) {
    const chunk = await data.readFrameChunk(i);
    if (chunk === null) return `frame ${expect.firstFrame + i} (chunk ${i}) is not stored`;
    if (chunk.filterMask !== 0) return `chunk ${i} skipped a filter (mask ${chunk.filterMask})`;
    if (expect.filters.length === 0 ? chunk.bytes.byteLength !== rawBytes : chunk.bytes.byteLength === 0) {
      return `chunk ${i} holds ${chunk.bytes.byteLength} bytes`;
    }
  }
  return null;
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function asInteger(value: Hdf5ReadValue | undefined): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : null;
  if (ArrayBuffer.isView(value) && value.length === 1) {
    const v = (value as ArrayLike<number | bigint>)[0]!;
    return asInteger(v);
  }
  return null;
}

function describe(filters: readonly Hdf5Filter[]): string {
  return filters.length === 0 ? 'none' : filters.map((f) => `${f.id}[${f.cdValues.join(',')}]`).join(' → ');
}
