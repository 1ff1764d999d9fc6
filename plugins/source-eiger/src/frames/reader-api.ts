import type { Hdf5Filter } from '@beamstack/contract';

/*
 * The part of the @beamstack/hdf5 reader this source uses (see notes/HDF5_READER_API.md), as a
 * structural type: the session depends on this shape only, so tests and other readers can stand in.
 */

export type ReaderNode =
  | { readonly kind: 'group'; readonly path: string }
  | { readonly kind: 'dataset'; readonly path: string }
  | { readonly kind: 'external'; readonly path: string; readonly file: string; readonly target: string }
  | { readonly kind: 'missing'; readonly path: string };

export interface ReaderLinkInfo {
  readonly name: string;
  readonly kind: 'hard' | 'soft' | 'external';
  readonly target?: string;
  readonly file?: string;
}

export interface StoredChunk {
  readonly bytes: Uint8Array;
  /** Bit i set: filter i of the pipeline was skipped for this chunk. */
  readonly filterMask: number;
}

export interface ReaderVirtualSource {
  readonly file: string;
  readonly dataset: string;
  readonly firstFrame: number;
  readonly frames: number;
  readonly sourceFirstFrame: number;
}

export interface ReaderDataset {
  readonly file: string;
  readonly path: string;
  readonly dtype: { readonly class: 'uint' | 'int' | 'float' | 'string' | 'other'; readonly size: number; readonly littleEndian: boolean };
  readonly shape: readonly number[];
  readonly layout: 'compact' | 'contiguous' | 'chunked' | 'virtual';
  readonly chunks: readonly number[] | null;
  readonly filters: readonly Hdf5Filter[];
  readonly fillValue: Uint8Array | null;
  attributes(): Promise<Readonly<Record<string, unknown>>>;
  readChunk(chunkCoords: readonly number[]): Promise<StoredChunk | null>;
  virtualSources(): Promise<readonly ReaderVirtualSource[]>;
}

export interface ReaderFile {
  readonly path: string;
  close(): Promise<void>;
  lookup(path: string): Promise<ReaderNode>;
  list(groupPath: string): Promise<readonly ReaderLinkInfo[]>;
  dataset(path: string): Promise<ReaderDataset>;
}

export type OpenReader = (path: string) => Promise<ReaderFile>;
