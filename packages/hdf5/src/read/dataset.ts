import type { Hdf5Filter } from '@beamstack/contract';
import { readAttributes } from './attributes.js';
import { buildChunkLookup, type ChunkLookup } from './chunks/index.js';
import type { ChunkLocation } from './chunks/table.js';
import { ChunkGeometry } from './chunks/geometry.js';
import { asInputError, malformed, type ReadContext } from './errors.js';
import type { H5File } from './file.js';
import { builtInPipeline, unfilter } from './filters.js';
import { Limits } from './limits.js';
import { decodeDatasetMessages, publicDtype, type DatasetMessages } from './dataset-messages.js';
import { elementCount } from './messages/dataspace.js';
import type { Layout } from './messages/layout.js';
import type { ObjectHeader } from './object-header.js';
import type { GlobalHeap } from './structures/global-heap.js';
import type {
  Hdf5ChunkIndexType,
  Hdf5DatasetReader,
  Hdf5Dtype,
  Hdf5LayoutClass,
  Hdf5RawChunk,
  Hdf5ReadValue,
  Hdf5VirtualSource,
} from './types.js';
import { decodeValue, isDecodable } from './values.js';
import { readVirtualMapping } from './virtual.js';
import { copyChunkInto } from './assemble.js';

/** A dataset of an open file: metadata decoded at open, chunk index built on first use. */
export class DatasetReader implements Hdf5DatasetReader {
  readonly dtype: Hdf5Dtype;
  readonly shape: readonly number[];
  readonly maxshape: readonly (number | null)[];
  readonly layout: Hdf5LayoutClass;
  readonly chunks: readonly number[] | null;
  readonly filters: readonly Hdf5Filter[];
  readonly fillValue: Uint8Array | null;
  readonly chunkIndex: Hdf5ChunkIndexType;
  private readonly ctx: ReadContext;
  private readonly geometry: ChunkGeometry | null;
  private lookup: Promise<ChunkLookup> | null = null;
  /** True when every frame (index along dimension 0) is exactly one chunk. */
  private readonly framePerChunk: boolean;

  private constructor(
    private readonly h5: H5File,
    private readonly heap: GlobalHeap,
    private readonly header: ObjectHeader,
    readonly path: string,
    private readonly m: DatasetMessages,
  ) {
    this.ctx = { file: h5.file, dataset: path };
    this.dtype = publicDtype(m.type);
    this.shape = m.space.shape;
    this.maxshape = m.space.maxShape;
    this.layout = m.layout.class;
    this.filters = m.filters;
    this.fillValue = m.fillValue;
    if (m.layout.class === 'chunked') {
      this.chunks = m.layout.chunk;
      this.chunkIndex = m.layout.index.type;
      this.geometry = new ChunkGeometry(this.shape, this.maxshape, m.layout.chunk, m.layout.elementSize, m.filters.length > 0);
      this.framePerChunk = this.shape.length >= 1 && m.layout.chunk[0] === 1 && m.layout.chunk.every((c, d) => d === 0 || c >= this.shape[d]!);
    } else {
      this.chunks = null;
      this.chunkIndex = 'none';
      this.geometry = null;
      this.framePerChunk = false;
    }
  }

  static async open(h5: H5File, heap: GlobalHeap, header: ObjectHeader, path: string): Promise<DatasetReader> {
    try {
      return new DatasetReader(h5, heap, header, path, await decodeDatasetMessages(h5, header));
    } catch (err) {
      throw asInputError(err, { file: h5.file, dataset: path });
    }
  }

  get file(): string {
    return this.h5.file;
  }

  async attributes(): Promise<Record<string, Hdf5ReadValue>> {
    try {
      return await readAttributes(this.h5, this.heap, this.header);
    } catch (err) {
      throw asInputError(err, this.ctx);
    }
  }

  private chunkLookup(): Promise<ChunkLookup> {
    const m = this.m.layout;
    if (m.class !== 'chunked' || !this.geometry) throw malformed(this.ctx, `dataset is ${m.class}, not chunked`);
    if (!this.lookup) this.lookup = buildChunkLookup(this.h5, m.index, m.address, this.geometry);
    return this.lookup;
  }

  async readChunk(chunkCoords: readonly number[]): Promise<Hdf5RawChunk | null> {
    try {
      const g = this.geometry;
      if (!g) throw malformed(this.ctx, `dataset is ${this.layout}, not chunked`);
      if (!Array.isArray(chunkCoords) || chunkCoords.length !== g.rank) {
        throw malformed(this.ctx, `chunk coordinates must have ${g.rank} entries`);
      }
      chunkCoords.forEach((s, d) => {
        if (!Number.isSafeInteger(s) || s < 0 || s >= g.grid[d]!) {
          throw malformed(this.ctx, `chunk coordinate ${s} is outside 0..${g.grid[d]! - 1} in dimension ${d}`);
        }
      });
      return await this.readStored(chunkCoords);
    } catch (err) {
      throw asInputError(err, this.ctx);
    }
  }

  async readFrameChunk(frame: number): Promise<Hdf5RawChunk | null> {
    try {
      if (!this.framePerChunk) {
        throw malformed(this.ctx, `readFrameChunk needs chunks of one whole frame (1, ...frame shape); chunks are ${JSON.stringify(this.chunks)}`);
      }
      if (!Number.isSafeInteger(frame) || frame < 0 || frame >= this.shape[0]!) {
        throw malformed(this.ctx, `frame ${frame} is outside 0..${this.shape[0]! - 1}`);
      }
      const coords = new Array<number>(this.shape.length).fill(0);
      coords[0] = frame;
      return await this.readStored(coords);
    } catch (err) {
      throw asInputError(err, this.ctx, frame);
    }
  }

  /** One positional read of the stored bytes into a fresh buffer. */
  private async readStored(scaled: readonly number[]): Promise<Hdf5RawChunk | null> {
    const location = (await this.chunkLookup()).get(scaled);
    if (!location) return null;
    const what = `chunk [${scaled.join(', ')}]`;
    const offset = this.h5.physical(location.address, location.size, what);
    const bytes = await this.h5.readPhysical(offset, location.size, what);
    return { bytes, filterMask: location.filterMask };
  }

  async read(): Promise<Hdf5ReadValue> {
    try {
      const { type, space, layout } = this.m;
      if (!isDecodable(type)) throw malformed(this.ctx, 'read() cannot decode this datatype');
      if (space.kind === 'null') throw malformed(this.ctx, 'dataset has a null dataspace (no value)');
      const count = elementCount(space);
      const total = count * type.size;
      const allowed = Math.min(Limits.valueBytes, Math.max(Limits.valueBytesFloor, Limits.valueBytesPerFileByte * this.h5.size));
      if (count > Limits.valueElements || total > allowed) {
        throw malformed(this.ctx, `read() is for small datasets; this one holds ${total} bytes (limit here ${allowed})`);
      }
      const bytes = await this.rawBytes(layout, total);
      return await decodeValue(this.h5, this.heap, { type, count, scalar: space.kind === 'scalar', bytes });
    } catch (err) {
      throw asInputError(err, this.ctx);
    }
  }

  private async rawBytes(layout: Layout, total: number): Promise<Uint8Array> {
    switch (layout.class) {
      case 'compact':
        if (layout.data.length < total) throw malformed(this.ctx, `compact data hold ${layout.data.length} bytes, need ${total}`);
        return layout.data;
      case 'contiguous':
        if (layout.address === null) return this.filled(total);
        return this.h5.readPhysical(this.h5.physical(layout.address, total, 'contiguous data'), total, 'contiguous data');
      case 'virtual':
        throw malformed(this.ctx, 'read() does not assemble virtual datasets; use virtualSources()');
      case 'chunked':
        return this.assembleChunks(total);
    }
  }

  private filled(total: number): Uint8Array {
    const out = new Uint8Array(total);
    const fill = this.m.fillValue;
    if (fill && fill.length === this.m.type.size) for (let at = 0; at < total; at += fill.length) out.set(fill, at);
    return out;
  }

  private async assembleChunks(total: number): Promise<Uint8Array> {
    const g = this.geometry!;
    if (this.m.filters.length > 0 && !builtInPipeline(this.m.filters)) {
      const ids = this.m.filters.map((f) => f.id).join(', ');
      throw malformed(this.ctx, `read() decodes deflate/shuffle/fletcher32 only; this dataset uses filters ${ids}`);
    }
    const out = this.filled(total);
    const stored: { scaled: readonly number[]; location: ChunkLocation }[] = [];
    (await this.chunkLookup()).forEach((scaled, location) => stored.push({ scaled, location }));
    for (const { scaled, location } of stored) {
      const what = `chunk [${scaled.join(', ')}]`;
      const raw = await this.h5.readPhysical(this.h5.physical(location.address, location.size, what), location.size, what);
      const data = unfilter(this.ctx, this.m.filters, location.filterMask, raw, g.chunkBytes, g.elementSize);
      if (data.length < g.chunkBytes) throw malformed(this.ctx, `${what} decodes to ${data.length} bytes, expected ${g.chunkBytes}`);
      copyChunkInto(out, data, scaled, g);
    }
    return out;
  }

  async virtualSources(): Promise<Hdf5VirtualSource[]> {
    try {
      const layout = this.m.layout;
      if (layout.class !== 'virtual') throw malformed(this.ctx, `dataset is ${layout.class}, not virtual`);
      if (layout.heapAddress === null) return [];
      return await readVirtualMapping(this.h5, this.heap, layout.heapAddress, layout.heapIndex, this.shape);
    } catch (err) {
      throw asInputError(err, this.ctx);
    }
  }
}
