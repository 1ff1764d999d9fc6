import type { ChunkGeometry } from './chunks/geometry.js';

/**
 * Copies the part of a decoded chunk that lies inside the dataset into the row-major output
 * array. Edge chunks extend past the dataset; their overhang is dropped.
 */
export function copyChunkInto(out: Uint8Array, chunk: Uint8Array, scaled: readonly number[], g: ChunkGeometry): void {
  const rank = g.rank;
  const size = g.elementSize;
  if (rank === 0) {
    out.set(chunk.subarray(0, out.length));
    return;
  }
  const origin = scaled.map((s, d) => s * g.chunk[d]!);
  const extent = origin.map((o, d) => Math.min(g.chunk[d]!, g.shape[d]! - o));
  if (extent.some((e) => e <= 0)) return;
  // Byte strides of the output (dataset) and of the chunk, per dimension.
  const outStride = new Array<number>(rank);
  const chunkStride = new Array<number>(rank);
  outStride[rank - 1] = size;
  chunkStride[rank - 1] = size;
  for (let d = rank - 2; d >= 0; d--) {
    outStride[d] = outStride[d + 1]! * g.shape[d + 1]!;
    chunkStride[d] = chunkStride[d + 1]! * g.chunk[d + 1]!;
  }
  const rowBytes = extent[rank - 1]! * size;
  const index = new Array<number>(rank).fill(0);
  for (;;) {
    let from = 0;
    let to = 0;
    for (let d = 0; d < rank - 1; d++) {
      from += index[d]! * chunkStride[d]!;
      to += (origin[d]! + index[d]!) * outStride[d]!;
    }
    to += origin[rank - 1]! * size;
    out.set(chunk.subarray(from, from + rowBytes), to);
    let d = rank - 2;
    for (; d >= 0; d--) {
      if (++index[d]! < extent[d]!) break;
      index[d] = 0;
    }
    if (d < 0) return;
  }
}
