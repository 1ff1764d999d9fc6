import { unlink } from 'node:fs/promises';
import { isBeamstackError } from '@beamstack/contract';
import { ChunkTable } from './chunk-table.js';
import { SUPERBLOCK_SIZE } from './constants.js';
import { invalid, outputFailure } from './errors.js';
import { encodeMetadata } from './metadata.js';
import { ChunkedDataset, Hdf5Dataset, Hdf5Group, MAX_CHUNK_BYTES, type AttrInput, type FileAccess } from './handles.js';
import { joinPath, splitPath } from './names.js';
import { FileSink } from './sink.js';
import { encodeSuperblock } from './superblock.js';
import { DatasetNode, GroupNode, type Link, type ObjectNode } from './tree.js';
import { elementCount, isNumericType, numericInfo, type FilterSpec, type NumericType, type Shape } from './types.js';
import { checkFilters, checkSources, checkedAttributes, setAttribute } from './validate.js';
import { checkShape, encodeNumeric, toValue, type ValueInput } from './values.js';
import type { VirtualSource } from './virtual.js';

export interface CreateOptions {
  /** Replace an existing file at the path. Default false: an existing file is an error. */
  readonly overwrite?: boolean;
  /** fdatasync before and after the superblock is written at close. Default false. */
  readonly durable?: boolean;
}

export interface CloseResult {
  readonly path: string;
  /** File size in bytes (= the end-of-file address in the superblock). */
  readonly bytes: number;
}

export interface ChunkedDatasetOptions {
  readonly dtype: NumericType;
  /** Shape of one frame; chunks are (1, ...frameShape), the dataset (frames, ...frameShape). */
  readonly frameShape: Shape;
  /** Filter pipeline the stored chunks went through (empty: chunks are raw little-endian elements). */
  readonly filters?: readonly FilterSpec[];
  /** Value of frames never written (e.g. 2^bits − 1 as DECTRIS uses). */
  readonly fillValue?: number | bigint;
  /**
   * Largest frame count allowed; bounds chunk indexes (and so the memory of the chunk table:
   * 16 bytes per frame up to the highest index). Default 2^20, at most 2^24.
   */
  readonly maxFrames?: number;
  readonly attrs?: AttrInput;
}

export interface VirtualDatasetOptions {
  readonly dtype: NumericType;
  /** [frames, ...frameShape]; sources map whole source datasets onto frame ranges. */
  readonly shape: Shape;
  readonly fillValue?: number | bigint;
  readonly sources: readonly VirtualSource[];
  readonly attrs?: AttrInput;
}

type FileState = 'open' | 'closing' | 'closed' | 'failed' | 'aborted';

const DEFAULT_MAX_FRAMES = 1 << 20;
const MAX_FRAMES_LIMIT = 1 << 24;

/**
 * A streaming HDF5 writer. Dataset bytes go to the file when they are given; all metadata
 * (object headers, chunk B-trees, heaps) is written at close() after the data, and the
 * superblock at offset 0 last. Until close() completes the file has no HDF5 signature, so an
 * interrupted write never looks like a valid file.
 */
export class Hdf5File implements FileAccess {
  private state: FileState = 'open';
  private readonly rootNode = new GroupNode();

  private constructor(
    private readonly sink: FileSink,
    private readonly durable: boolean,
  ) {}

  /** Creates the file at exactly `path`. */
  static async create(path: string, options: CreateOptions = {}): Promise<Hdf5File> {
    const sink = await FileSink.create(path, SUPERBLOCK_SIZE, options.overwrite ?? false);
    return new Hdf5File(sink, options.durable ?? false);
  }

  get path(): string {
    return this.sink.path;
  }

  /** Bytes the file occupies so far (data only; metadata is added at close). */
  get size(): number {
    return this.sink.size;
  }

  get root(): Hdf5Group {
    return new Hdf5Group(this, this.rootNode, '/');
  }

  /** Creates the group (and missing parents), or returns the existing one; `attrs` are set on it. */
  group(path: string, attrs: AttrInput = {}): Hdf5Group {
    this.assertOpen();
    const parts = splitPath(path, this.path);
    const values = checkedAttributes(attrs, this.path, joinPath(parts));
    let node: GroupNode = this.rootNode;
    for (let i = 0; i < parts.length; i++) node = this.childGroup(node, parts, i);
    for (const [name, value] of values) node.attrs.set(name, value);
    return new Hdf5Group(this, node, joinPath(parts));
  }

  /**
   * A dataset holding `value` in contiguous storage (scalars get a scalar dataspace, arrays a
   * simple one). The bytes are copied and written at once.
   */
  dataset(path: string, value: ValueInput, attrs: AttrInput = {}): Hdf5Dataset {
    this.assertOpen();
    const v = toValue(value, path);
    const values = checkedAttributes(attrs, this.path, path);
    const slot = this.reserve(path);
    const address = v.bytes.length > 0 ? this.sink.allocate(v.bytes.length) : null;
    if (address !== null) this.sink.writeInBackground(address, v.bytes);
    const node = new DatasetNode(v.type, { kind: 'contiguous', shape: v.shape, address, size: v.bytes.length }, null, values);
    return new Hdf5Dataset(this, node, slot.commit({ kind: 'hard', node }));
  }

  /** An extendible dataset of frames, one chunk per frame, written with `writeChunk`. */
  chunkedDataset(path: string, options: ChunkedDatasetOptions): ChunkedDataset {
    this.assertOpen();
    const context = { file: this.path, dataset: path };
    if (!isNumericType(options.dtype)) throw invalid(`unknown dtype ${String(options.dtype)}`, context);
    const frameShape = [...options.frameShape];
    checkShape(frameShape, `${path} frameShape`);
    if (frameShape.length < 1 || frameShape.length > 31 || frameShape.some((d) => d < 1 || d > 0xffff_ffff)) {
      throw invalid(`frameShape must have 1 to 31 dimensions, each >= 1`, context);
    }
    const chunkBytes = elementCount(frameShape) * numericInfo(options.dtype).size;
    if (chunkBytes > MAX_CHUNK_BYTES) throw invalid(`one frame is ${chunkBytes} bytes; HDF5 chunks are limited to 4 GiB`, context);
    const maxFrames = options.maxFrames ?? DEFAULT_MAX_FRAMES;
    if (!Number.isSafeInteger(maxFrames) || maxFrames < 1 || maxFrames > MAX_FRAMES_LIMIT) {
      throw invalid(`maxFrames must be an integer in 1..${MAX_FRAMES_LIMIT}`, context);
    }
    const filters = checkFilters(options.filters ?? [], context);
    const fill = options.fillValue === undefined ? null : encodeNumeric(options.dtype, [options.fillValue]);
    const values = checkedAttributes(options.attrs ?? {}, this.path, path);
    const slot = this.reserve(path);
    const table = new ChunkTable();
    let frameCount = -1;
    const storage = {
      kind: 'chunked' as const,
      frameShape,
      filters,
      table,
      frameCount: (): number => Math.max(frameCount, table.maxIndex + 1),
    };
    const node = new DatasetNode(options.dtype, storage, fill, values);
    return new ChunkedDataset(this, node, slot.commit({ kind: 'hard', node }), {
      sink: this.sink,
      table,
      chunkBytes,
      maxFrames,
      filterCount: filters.length,
      setFrameCount: (n: number) => {
        frameCount = n;
      },
      frameCount: storage.frameCount,
    });
  }

  /** A virtual dataset (layout v4) whose frame ranges come from datasets in other files. */
  virtualDataset(path: string, options: VirtualDatasetOptions): Hdf5Dataset {
    this.assertOpen();
    const context = { file: this.path, dataset: path };
    if (!isNumericType(options.dtype)) throw invalid(`unknown dtype ${String(options.dtype)}`, context);
    const shape = [...options.shape];
    checkShape(shape, `${path} shape`);
    if (shape.length < 1 || shape.some((d) => d > 0xffff_ffff)) throw invalid('virtual dataset shape must have >= 1 dimension, each < 2^32', context);
    const sources = checkSources(options.sources, shape[0]!, context);
    const fill = options.fillValue === undefined ? null : encodeNumeric(options.dtype, [options.fillValue]);
    const values = checkedAttributes(options.attrs ?? {}, this.path, path);
    const node = new DatasetNode(options.dtype, { kind: 'virtual', shape, sources }, fill, values);
    return new Hdf5Dataset(this, node, this.reserve(path).commit({ kind: 'hard', node }));
  }

  /** A soft link at `path` to the object path `target` (resolved when read). */
  softLink(path: string, target: string): void {
    this.assertOpen();
    if (typeof target !== 'string' || target === '') throw invalid('soft link target must be a non-empty path', { file: this.path, dataset: path });
    this.reserve(path).commit({ kind: 'soft', path: target });
  }

  /** An external link at `path` to `target` in `file` (relative names resolve against this file's directory). */
  externalLink(path: string, file: string, target: string): void {
    this.assertOpen();
    if (typeof file !== 'string' || file === '' || file.includes('\0')) throw invalid('external link file must be a non-empty name', { file: this.path, dataset: path });
    if (typeof target !== 'string' || target === '' || target.includes('\0')) throw invalid('external link target must be a non-empty path', { file: this.path, dataset: path });
    this.reserve(path).commit({ kind: 'external', file, path: target });
  }

  /** Sets (or replaces) an attribute of an existing group or dataset. */
  setAttr(path: string, name: string, value: ValueInput): void {
    this.assertOpen();
    const node = this.lookup(path);
    setAttribute(node, name, value, this.path, path);
  }

  /**
   * Writes all metadata after the data, then the superblock; the file is complete only when
   * this resolves. On failure the file is left without a valid superblock.
   */
  async close(): Promise<CloseResult> {
    this.assertOpen();
    this.state = 'closing';
    try {
      await this.sink.drain();
      const start = this.sink.size;
      const { bytes, rootAddress } = encodeMetadata(this.rootNode, start);
      this.sink.allocate(bytes.length);
      await this.sink.writeAt(start, bytes);
      const endOfFile = this.sink.size;
      if (this.durable) await this.sink.sync();
      await this.sink.writeAt(0, encodeSuperblock(rootAddress, endOfFile));
      if (this.durable) await this.sink.sync();
      await this.sink.close();
      this.state = 'closed';
      return { path: this.path, bytes: endOfFile };
    } catch (cause) {
      this.state = 'failed';
      await this.sink.close().catch(() => undefined);
      if (isBeamstackError(cause)) throw cause;
      throw outputFailure(`closing failed: ${(cause as Error).message}`, { file: this.path }, cause);
    }
  }

  /** Stops writing and removes the file. Safe to call in any state; never throws. */
  async abort(): Promise<void> {
    if (this.state === 'aborted' || this.state === 'closed') {
      if (this.state === 'closed') await unlink(this.path).catch(() => undefined);
      this.state = 'aborted';
      return;
    }
    const wasOpen = this.state === 'open' || this.state === 'closing';
    this.state = 'aborted';
    await this.sink.drain().catch(() => undefined);
    if (wasOpen) await this.sink.close().catch(() => undefined);
    await unlink(this.path).catch(() => undefined);
  }

  // ------------------------------------------------------------------------------- internals

  /** @internal */
  assertOpen(): void {
    if (this.state !== 'open') throw outputFailure(`file is ${this.state}`, { file: this.path });
  }

  private childGroup(parent: GroupNode, parts: readonly string[], i: number): GroupNode {
    const name = parts[i]!;
    const existing = parent.links.get(name);
    if (existing === undefined) {
      const group = new GroupNode();
      parent.links.set(name, { kind: 'hard', node: group });
      return group;
    }
    if (existing.kind === 'hard' && existing.node.kind === 'group') return existing.node;
    throw invalid(`${joinPath(parts.slice(0, i + 1))} exists and is not a group`, { file: this.path, dataset: joinPath(parts) });
  }

  /**
   * Checks that a link can be added at `path` (creating missing parent groups) and returns a
   * commit step, so nothing is allocated or written for a path that is taken.
   */
  private reserve(path: string): { commit(link: Link): string } {
    const parts = splitPath(path, this.path);
    const canonical = joinPath(parts);
    if (parts.length === 0) throw invalid('the root group cannot be replaced', { file: this.path, dataset: path });
    let parent: GroupNode = this.rootNode;
    for (let i = 0; i < parts.length - 1; i++) parent = this.childGroup(parent, parts, i);
    const name = parts[parts.length - 1]!;
    if (parent.links.has(name)) throw invalid(`${canonical} already exists`, { file: this.path, dataset: canonical });
    return {
      commit: (link: Link): string => {
        parent.links.set(name, link);
        return canonical;
      },
    };
  }

  private lookup(path: string): ObjectNode {
    const parts = splitPath(path, this.path);
    let node: ObjectNode = this.rootNode;
    for (const name of parts) {
      const link: Link | undefined = node.kind === 'group' ? node.links.get(name) : undefined;
      if (!link || link.kind !== 'hard') throw invalid(`no group or dataset at ${joinPath(parts)}`, { file: this.path, dataset: path });
      node = link.node;
    }
    return node;
  }
}

