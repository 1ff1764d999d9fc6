import type { ChunkTable } from './chunk-table.js';
import type { ElementType, FilterSpec, Shape } from './types.js';
import type { Hdf5Value } from './values.js';
import type { VirtualSource } from './virtual.js';

/** In-memory description of the file's objects; encoded only at close. */
export type Link =
  | { readonly kind: 'hard'; readonly node: ObjectNode }
  | { readonly kind: 'soft'; readonly path: string }
  | { readonly kind: 'external'; readonly file: string; readonly path: string };

export class GroupNode {
  readonly kind = 'group';
  readonly attrs = new Map<string, Hdf5Value>();
  readonly links = new Map<string, Link>();
}

export interface ContiguousStorage {
  readonly kind: 'contiguous';
  readonly shape: Shape;
  /** null when the dataset holds no bytes. */
  readonly address: number | null;
  readonly size: number;
}

export interface ChunkedStorage {
  readonly kind: 'chunked';
  readonly frameShape: Shape;
  readonly filters: readonly FilterSpec[];
  readonly table: ChunkTable;
  /** Extent along the frame axis at close. */
  frameCount(): number;
}

export interface VirtualStorage {
  readonly kind: 'virtual';
  readonly shape: Shape;
  readonly sources: readonly VirtualSource[];
}

export type Storage = ContiguousStorage | ChunkedStorage | VirtualStorage;

export class DatasetNode {
  readonly kind = 'dataset';
  constructor(
    readonly type: ElementType,
    readonly storage: Storage,
    /** One element's bytes, or null for the library default (zeros). */
    readonly fill: Uint8Array | null,
    readonly attrs = new Map<string, Hdf5Value>(),
  ) {}
}

export type ObjectNode = GroupNode | DatasetNode;
