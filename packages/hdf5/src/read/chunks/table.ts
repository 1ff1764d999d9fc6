import { malformed, type ReadContext } from '../errors.js';
import { Limits } from '../limits.js';
import { decompose, type ChunkGeometry } from './geometry.js';

export interface ChunkLocation {
  /** HDF5 address (relative to the base address). */
  readonly address: number;
  readonly size: number;
  readonly filterMask: number;
}

/** Receives stored chunks while an index is walked. */
export interface ChunkSink {
  add(scaled: readonly number[], address: number, size: number, filterMask: number): void;
}

/**
 * Every stored chunk of a dataset, keyed by its position in the current chunk grid. Built once
 * per dataset from whatever index the file uses; lookups are O(1). Densely stored grids (frame
 * stacks) use flat typed arrays, sparse ones a Map. Chunks outside the current extent (left
 * from before a shrink) are ignored, as HDF5 ignores them.
 */
export class ChunkTable implements ChunkSink {
  private keys = new Float64Array(64);
  private addresses = new Float64Array(64);
  private sizes = new Float64Array(64);
  private masks = new Uint32Array(64);
  private n = 0;
  private dense: Int32Array | null = null;
  private sparse: Map<number, number> | null = null;

  constructor(
    private readonly ctx: ReadContext,
    private readonly geometry: ChunkGeometry,
  ) {}

  get count(): number {
    return this.n;
  }

  add(scaled: readonly number[], address: number, size: number, filterMask: number): void {
    const key = this.geometry.key(scaled);
    if (key < 0) return;
    if (this.n >= Limits.chunks) throw malformed(this.ctx, `more than ${Limits.chunks} chunks`);
    if (!(size > 0) || size > Limits.chunkBytes) throw malformed(this.ctx, `chunk [${scaled.join(', ')}] has invalid size ${size}`);
    if (this.n === this.keys.length) this.grow();
    this.keys[this.n] = key;
    this.addresses[this.n] = address;
    this.sizes[this.n] = size;
    this.masks[this.n] = filterMask >>> 0;
    this.n++;
  }

  private grow(): void {
    const grow = <T extends Float64Array | Uint32Array>(a: T, make: (n: number) => T): T => {
      const next = make(a.length * 2);
      next.set(a);
      return next;
    };
    this.keys = grow(this.keys, (n) => new Float64Array(n));
    this.addresses = grow(this.addresses, (n) => new Float64Array(n));
    this.sizes = grow(this.sizes, (n) => new Float64Array(n));
    this.masks = grow(this.masks, (n) => new Uint32Array(n));
  }

  /** Builds the lookup structure; a chunk stored twice is an error (an index pointing twice). */
  finish(): this {
    const gridCount = this.geometry.gridCount;
    if (gridCount <= 4 * this.n + 4096 && gridCount <= Limits.chunks) {
      const dense = new Int32Array(gridCount).fill(-1);
      for (let i = 0; i < this.n; i++) {
        const key = this.keys[i]!;
        if (dense[key] !== -1) throw malformed(this.ctx, `the chunk index lists chunk ${key} twice`);
        dense[key] = i;
      }
      this.dense = dense;
    } else {
      const sparse = new Map<number, number>();
      for (let i = 0; i < this.n; i++) {
        const key = this.keys[i]!;
        if (sparse.has(key)) throw malformed(this.ctx, `the chunk index lists chunk ${key} twice`);
        sparse.set(key, i);
      }
      this.sparse = sparse;
    }
    return this;
  }

  forEach(visit: (scaled: readonly number[], location: ChunkLocation) => void): void {
    for (let i = 0; i < this.n; i++) {
      visit(decompose(this.keys[i]!, this.geometry.grid), { address: this.addresses[i]!, size: this.sizes[i]!, filterMask: this.masks[i]! });
    }
  }

  get(scaled: readonly number[]): ChunkLocation | null {
    const key = this.geometry.key(scaled);
    if (key < 0) return null;
    const slot = this.dense ? this.dense[key]! : (this.sparse?.get(key) ?? -1);
    if (slot < 0) return null;
    return { address: this.addresses[slot]!, size: this.sizes[slot]!, filterMask: this.masks[slot]! };
  }
}
