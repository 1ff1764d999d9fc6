import type { Hdf5Filter } from '@beamstack/contract';

/** What a path names, without following external links. */
export type Hdf5Node =
  | { readonly kind: 'group'; readonly path: string }
  | { readonly kind: 'dataset'; readonly path: string }
  /**
   * An external link (possibly in the middle of the path). `file` is the name as stored in the
   * link; `resolvedFile` is that name resolved against the folder of the file holding the link;
   * `target` is the path inside that file (with any remaining components of the lookup appended).
   */
  | { readonly kind: 'external'; readonly path: string; readonly file: string; readonly resolvedFile: string; readonly target: string }
  /** A dangling soft link, or a link class this reader does not know. */
  | { readonly kind: 'missing'; readonly path: string };

export interface Hdf5LinkInfo {
  readonly name: string;
  readonly kind: 'hard' | 'soft' | 'external';
  /** Soft: the target path. External: the path inside `file`. */
  readonly target?: string;
  /** External: the file name as stored in the link. */
  readonly file?: string;
}

/**
 * A decoded attribute or dataset value. Scalars (scalar dataspace) are numbers, bigints (64-bit
 * integers) or strings. Arrays are flattened in row-major order: typed arrays of the stored
 * type (Float32Array for float16), BigInt64Array/BigUint64Array for 64-bit integers, string[]
 * for strings. Enums decode as their base integer type.
 */
export type Hdf5ReadValue =
  | number
  | bigint
  | string
  | number[]
  | string[]
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | BigUint64Array
  | BigInt64Array
  | Float32Array
  | Float64Array;

export interface Hdf5Dtype {
  readonly class: 'uint' | 'int' | 'float' | 'string' | 'other';
  /** Bytes per element as stored (16 for variable-length strings: length + global heap ID). */
  readonly size: number;
  readonly littleEndian: boolean;
}

export type Hdf5ChunkIndexType =
  | 'btree-v1'
  | 'btree-v2'
  | 'fixed-array'
  | 'extensible-array'
  | 'single-chunk'
  | 'implicit'
  | 'none';

export type Hdf5LayoutClass = 'compact' | 'contiguous' | 'chunked' | 'virtual';

export interface Hdf5RawChunk {
  /** The stored (filtered) bytes, in a fresh buffer that owns its ArrayBuffer (transferable). */
  readonly bytes: Uint8Array;
  /** Bit i set: filter i of the pipeline was skipped for this chunk. */
  readonly filterMask: number;
}

export interface Hdf5VirtualSource {
  /** Source file name as stored ('.' = the virtual dataset's own file). */
  readonly file: string;
  readonly dataset: string;
  /** First frame (index along dimension 0) of the virtual dataset this source fills. */
  readonly firstFrame: number;
  readonly frames: number;
  /** First frame of the source dataset that is mapped. */
  readonly sourceFirstFrame: number;
}

export interface Hdf5DatasetReader {
  /** The file that really holds the dataset (after external links). */
  readonly file: string;
  readonly path: string;
  readonly dtype: Hdf5Dtype;
  readonly shape: readonly number[];
  readonly maxshape: readonly (number | null)[];
  readonly layout: Hdf5LayoutClass;
  readonly chunks: readonly number[] | null;
  readonly filters: readonly Hdf5Filter[];
  readonly fillValue: Uint8Array | null;
  readonly chunkIndex: Hdf5ChunkIndexType;
  attributes(): Promise<Record<string, Hdf5ReadValue>>;
  readChunk(chunkCoords: readonly number[]): Promise<Hdf5RawChunk | null>;
  readFrameChunk(frame: number): Promise<Hdf5RawChunk | null>;
  read(): Promise<Hdf5ReadValue>;
  virtualSources(): Promise<Hdf5VirtualSource[]>;
}
