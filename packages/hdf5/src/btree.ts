import type { ByteWriter } from './bytes.js';
import { CHUNK_BTREE_K, UNDEFINED_ADDRESS } from './constants.js';
import type { ChunkTable } from './chunk-table.js';

/**
 * Version-1 B-tree (node type 1) indexing the chunks of a dataset whose chunks are one frame
 * each, i.e. chunk dims (1, ...frameShape). Every node has room for 2K = 64 children and is
 * written full-size, because readers load whole nodes of that size.
 *
 * Key i of a node is the key of the first chunk below child i: (chunk bytes, filter mask,
 * chunk offset in elements per dimension incl. a trailing 0 for the element-size dimension).
 * The final key of a node bounds its last chunk from above: that chunk's offset plus one chunk
 * in every dimension — what HDF5 writes for a fresh right-most key.
 */
const MAX_CHILDREN = 2 * CHUNK_BTREE_K;

/** A node covers the stored chunks with positions [first, end) of the sorted index list. */
interface NodeSpan {
  readonly first: number;
  readonly end: number;
  readonly address: number;
}

export function keySize(chunkDims: readonly number[]): number {
  return 4 + 4 + 8 * chunkDims.length;
}

export function nodeSize(chunkDims: readonly number[]): number {
  return 24 + MAX_CHILDREN * 8 + (MAX_CHILDREN + 1) * keySize(chunkDims);
}

function nodesPerLevel(chunks: number): number[] {
  const levels: number[] = [];
  let n = chunks;
  do {
    n = Math.ceil(n / MAX_CHILDREN);
    levels.push(n);
  } while (n > 1);
  return levels;
}

/** Bytes the tree occupies (0 when no chunk is stored: the layout then holds the undefined address). */
export function chunkBtreeBytes(chunks: number, chunkDims: readonly number[]): number {
  if (chunks === 0) return 0;
  return nodesPerLevel(chunks).reduce((a, b) => a + b, 0) * nodeSize(chunkDims);
}

/** Writes the tree at `base` (the current end of `out`) and returns the root node's address. */
export function writeChunkBtree(
  out: ByteWriter,
  table: ChunkTable,
  chunkDims: readonly number[],
  base: number,
): number {
  const present = storedIndexes(table);
  const size = nodeSize(chunkDims);
  let address = base;
  let children: NodeSpan[] = [];
  for (let p = 0; p < present.length; p++) children.push({ first: p, end: p + 1, address: table.address(present[p]!) });

  let level = 0;
  let root = base;
  for (;;) {
    const nodes: NodeSpan[] = [];
    const count = Math.ceil(children.length / MAX_CHILDREN);
    for (let i = 0; i < count; i++) {
      const group = children.slice(i * MAX_CHILDREN, (i + 1) * MAX_CHILDREN);
      const node = { first: group[0]!.first, end: group[group.length - 1]!.end, address };
      const left = i > 0 ? address - size : null;
      const right = i + 1 < count ? address + size : null;
      writeNode(out, table, present, chunkDims, level, group, left, right, size);
      nodes.push(node);
      root = address;
      address += size;
    }
    if (nodes.length === 1) return root;
    children = nodes;
    level++;
  }
}

function storedIndexes(table: ChunkTable): Float64Array {
  const out = new Float64Array(table.count);
  let n = 0;
  for (let i = 0; i <= table.maxIndex; i++) if (table.has(i)) out[n++] = i;
  return out;
}

function writeNode(
  out: ByteWriter,
  table: ChunkTable,
  present: Float64Array,
  chunkDims: readonly number[],
  level: number,
  children: readonly NodeSpan[],
  left: number | null,
  right: number | null,
  size: number,
): void {
  const start = out.length;
  out.u8(0x54).u8(0x52).u8(0x45).u8(0x45); // "TREE"
  out.u8(1).u8(level).u16(children.length);
  writeAddress(out, left);
  writeAddress(out, right);
  for (const child of children) {
    writeKey(out, table, present[child.first]!, chunkDims);
    out.u64(child.address);
  }
  writeFinalKey(out, present[children[children.length - 1]!.end - 1]!, chunkDims);
  out.zeros(size - (out.length - start));
}

function writeAddress(out: ByteWriter, address: number | null): void {
  if (address === null) out.u64big(UNDEFINED_ADDRESS);
  else out.u64(address);
}

function writeKey(out: ByteWriter, table: ChunkTable, index: number, chunkDims: readonly number[]): void {
  out.u32(table.size(index)).u32(table.filterMask(index));
  out.u64(index * chunkDims[0]!);
  for (let d = 1; d < chunkDims.length; d++) out.u64(0);
}

function writeFinalKey(out: ByteWriter, lastIndex: number, chunkDims: readonly number[]): void {
  out.u32(0).u32(0);
  out.u64((lastIndex + 1) * chunkDims[0]!);
  for (let d = 1; d < chunkDims.length; d++) out.u64(chunkDims[d]!);
}
