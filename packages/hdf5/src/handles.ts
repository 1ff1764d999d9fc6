import { invalid } from './errors.js';
import type { ChunkTable } from './chunk-table.js';
import type { FileSink } from './sink.js';
import type { DatasetNode, ObjectNode } from './tree.js';
import { setAttribute } from './validate.js';
import type { ValueInput } from './values.js';

export type AttrInput = Readonly<Record<string, ValueInput>>;

/** HDF5 chunk sizes are stored in 32 bits. */
export const MAX_CHUNK_BYTES = 0xffff_ffff;

/** What a handle needs from its file (kept narrow so handles do not import the file class). */
export interface FileAccess {
  readonly path: string;
  assertOpen(): void;
}

/** A group or dataset of an open file; attributes can be set until the file is closed. */
export class Hdf5Object {
  /** @internal */
  constructor(
    protected readonly file: FileAccess,
    protected readonly node: ObjectNode,
    readonly path: string,
  ) {}

  /** Sets (or replaces) one attribute. */
  attr(name: string, value: ValueInput): this {
    this.file.assertOpen();
    setAttribute(this.node, name, value, this.file.path, this.path);
    return this;
  }

  attrs(values: AttrInput): this {
    for (const [name, value] of Object.entries(values)) this.attr(name, value);
    return this;
  }
}

export class Hdf5Group extends Hdf5Object {}

export class Hdf5Dataset extends Hdf5Object {}

export interface ChunkedInternals {
  readonly sink: FileSink;
  readonly table: ChunkTable;
  readonly chunkBytes: number;
  readonly maxFrames: number;
  readonly filterCount: number;
  readonly setFrameCount: (n: number) => void;
  readonly frameCount: () => number;
}

export class ChunkedDataset extends Hdf5Dataset {
  /** @internal */
  constructor(
    file: FileAccess,
    node: DatasetNode,
    path: string,
    private readonly internals: ChunkedInternals,
  ) {
    super(file, node, path);
  }

  /** Uncompressed bytes of one frame (= one chunk). */
  get chunkBytes(): number {
    return this.internals.chunkBytes;
  }

  /** Chunks stored so far. */
  get chunksWritten(): number {
    return this.internals.table.count;
  }

  /** Extent along the frame axis the dataset will have: highest index written + 1, or the count set. */
  get frameCount(): number {
    return this.internals.frameCount();
  }

  /**
   * Stores one finished chunk for frame `index` (0-based) exactly as given — the bytes the
   * filter pipeline produced, or raw little-endian elements when there are no filters. The bytes
   * go to the file without a copy: keep them unchanged until the promise settles. `filterMask`
   * bit i set = filter i was skipped for this chunk.
   */
  async writeChunk(index: number, bytes: Uint8Array, filterMask = 0): Promise<void> {
    this.file.assertOpen();
    const { table, maxFrames, chunkBytes, filterCount, sink } = this.internals;
    if (!Number.isInteger(index) || index < 0 || index >= maxFrames) {
      throw invalid(`chunk index ${String(index)} out of range 0..${maxFrames - 1}`, this.context(index));
    }
    if (table.has(index)) throw invalid(`chunk ${index} was already written`, this.context(index));
    if (!(bytes instanceof Uint8Array) || bytes.length === 0 || bytes.length > MAX_CHUNK_BYTES) {
      throw invalid('a chunk must be a non-empty Uint8Array of at most 4 GiB', this.context(index));
    }
    if (!Number.isInteger(filterMask) || filterMask < 0 || filterMask > 0xffff_ffff || (filterCount < 32 && filterMask >>> filterCount !== 0)) {
      throw invalid(`filter mask ${String(filterMask)} names filters the pipeline does not have`, this.context(index));
    }
    const unfiltered = filterCount === 0 || filterMask === 2 ** filterCount - 1;
    if (unfiltered && bytes.length !== chunkBytes) {
      throw invalid(`unfiltered chunk has ${bytes.length} bytes, expected ${chunkBytes}`, this.context(index));
    }
    const address = sink.allocate(bytes.length);
    table.set(index, address, bytes.length, filterMask);
    return sink.writeAt(address, bytes);
  }

  /** Fixes the frame extent (>= highest index written + 1); frames never written read as the fill value. */
  setFrameCount(frames: number): void {
    this.file.assertOpen();
    const { table, maxFrames, setFrameCount } = this.internals;
    if (!Number.isInteger(frames) || frames < table.maxIndex + 1 || frames > maxFrames) {
      throw invalid(`frame count ${String(frames)} must be in ${table.maxIndex + 1}..${maxFrames}`, this.context());
    }
    setFrameCount(frames);
  }

  private context(frame?: number): { file: string; dataset: string; frame?: number } {
    return frame === undefined ? { file: this.file.path, dataset: this.path } : { file: this.file.path, dataset: this.path, frame };
  }
}

