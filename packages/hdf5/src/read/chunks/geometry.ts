/**
 * Shape facts every chunk index needs: the current chunk grid (what readers address) and the
 * "maximum" grid (what fixed and extensible arrays and the implicit index number chunks by).
 */
export class ChunkGeometry {
  /** Chunks per dimension covering the current shape. */
  readonly grid: readonly number[];
  /** Chunks per dimension covering the maximum shape (Infinity for unlimited dimensions). */
  readonly maxGrid: readonly number[];
  /** Bytes of one unfiltered chunk. */
  readonly chunkBytes: number;
  /** Number of chunks in the current grid (may exceed 2^53 only for absurd shapes, checked by users). */
  readonly gridCount: number;

  constructor(
    readonly shape: readonly number[],
    readonly maxShape: readonly (number | null)[],
    readonly chunk: readonly number[],
    readonly elementSize: number,
    readonly filtered: boolean,
  ) {
    this.grid = shape.map((s, d) => Math.ceil(s / chunk[d]!));
    this.maxGrid = maxShape.map((m, d) => (m === null ? Infinity : Math.ceil(m / chunk[d]!)));
    this.chunkBytes = chunk.reduce((a, b) => a * b, elementSize);
    this.gridCount = this.grid.reduce((a, b) => a * b, 1);
  }

  get rank(): number {
    return this.shape.length;
  }

  /** Row-major index of a chunk in the current grid, or -1 when it lies outside. */
  key(scaled: readonly number[]): number {
    let key = 0;
    for (let d = 0; d < this.grid.length; d++) {
      const s = scaled[d]!;
      const n = this.grid[d]!;
      if (!(s >= 0 && s < n)) return -1;
      key = key * n + s;
    }
    return key;
  }

  /**
   * Bytes of the per-chunk size field in filtered fixed/extensible array elements and type-11
   * v2 B-tree records: enough for the unfiltered chunk size plus one byte, at most 8.
   */
  get chunkSizeWidth(): number {
    let log2 = 0;
    for (let v = this.chunkBytes; v >= 2; v = Math.floor(v / 2)) log2++;
    return Math.min(8, 1 + Math.floor((log2 + 8) / 8));
  }
}

/**
 * Splits a linear index into coordinates for a row-major grid with these extents (the first
 * extent may be Infinity: it is never needed to decompose).
 */
export function decompose(index: number, extents: readonly number[]): number[] {
  const out = new Array<number>(extents.length).fill(0);
  let rest = index;
  for (let d = extents.length - 1; d > 0; d--) {
    const n = extents[d]!;
    out[d] = rest % n;
    rest = Math.floor(rest / n);
  }
  if (extents.length > 0) out[0] = rest;
  return out;
}

/** Row-major linear index over `extents` (first extent unused). */
export function linearIndex(scaled: readonly number[], extents: readonly number[]): number {
  let index = 0;
  for (let d = 0; d < extents.length; d++) index = d === 0 ? scaled[0]! : index * extents[d]! + scaled[d]!;
  return index;
}
