import type { Cursor } from '../cursor.js';
import { Limits } from '../limits.js';

export type ChunkIndexSpec =
  | { readonly type: 'btree-v1' }
  | { readonly type: 'single-chunk'; readonly filteredSize: number | null; readonly filterMask: number }
  | { readonly type: 'implicit' }
  | { readonly type: 'fixed-array'; readonly pageBits: number }
  | {
      readonly type: 'extensible-array';
      readonly maxBits: number;
      readonly indexElements: number;
      readonly minPointers: number;
      readonly minElements: number;
      readonly pageBits: number;
    }
  | { readonly type: 'btree-v2'; readonly nodeSize: number };

export type Layout =
  | { readonly class: 'compact'; readonly data: Uint8Array }
  /** size null: not stored (layout versions 1 and 2); it follows from dataspace and datatype. */
  | { readonly class: 'contiguous'; readonly address: number | null; readonly size: number | null }
  | {
      readonly class: 'chunked';
      readonly address: number | null;
      /** Chunk shape in elements, one entry per dataset dimension. */
      readonly chunk: readonly number[];
      readonly elementSize: number;
      readonly index: ChunkIndexSpec;
    }
  | { readonly class: 'virtual'; readonly heapAddress: number | null; readonly heapIndex: number };

/** Data layout message, versions 1 to 4. */
export function parseLayout(c: Cursor): Layout {
  const version = c.u8();
  if (version < 1 || version > 4) c.fail(`unsupported data layout version ${version}`);
  if (version < 3) return parseOldLayout(c);
  const cls = c.u8();
  switch (cls) {
    case 0: {
      const size = c.u16();
      return { class: 'compact', data: c.bytesView(size) };
    }
    case 1:
      return { class: 'contiguous', address: c.address(), size: c.lengthField() };
    case 2:
      return version === 3 ? parseChunkedV3(c) : parseChunkedV4(c);
    case 3: {
      if (version < 4) c.fail('virtual layout needs layout version 4');
      const heapAddress = c.address();
      const heapIndex = c.u32();
      return { class: 'virtual', heapAddress, heapIndex };
    }
    default:
      return c.fail(`unknown layout class ${cls}`);
  }
}

/** Versions 1 and 2 (HDF5 1.4/1.6): one dimension list shared by all classes. */
function parseOldLayout(c: Cursor): Layout {
  const dimensionality = c.u8();
  const cls = c.u8();
  c.skip(5);
  if (dimensionality > Limits.rank + 1) c.fail(`layout dimensionality ${dimensionality} is too large`);
  if (cls === 1) {
    const address = c.address();
    c.skip(4 * dimensionality);
    return { class: 'contiguous', address, size: null };
  }
  if (cls === 2) {
    const address = c.address();
    return chunked(c, address, readDims(c, dimensionality, 4), { type: 'btree-v1' });
  }
  if (cls === 0) {
    c.skip(4 * dimensionality);
    const size = c.u32();
    return { class: 'compact', data: c.bytesView(size) };
  }
  return c.fail(`unknown layout class ${cls}`);
}

function parseChunkedV3(c: Cursor): Layout {
  const dimensionality = c.u8();
  const address = c.address();
  return chunked(c, address, readDims(c, dimensionality, 4), { type: 'btree-v1' });
}

function parseChunkedV4(c: Cursor): Layout {
  const flags = c.u8();
  const dimensionality = c.u8();
  const width = c.u8();
  if (width < 1 || width > 8) c.fail(`invalid chunk dimension width ${width}`);
  const dims = readDims(c, dimensionality, width);
  const indexType = c.u8();
  let index: ChunkIndexSpec;
  switch (indexType) {
    case 1:
      index =
        flags & 0x02
          ? { type: 'single-chunk', filteredSize: c.lengthField(), filterMask: c.u32() }
          : { type: 'single-chunk', filteredSize: null, filterMask: 0 };
      break;
    case 2:
      index = { type: 'implicit' };
      break;
    case 3:
      index = { type: 'fixed-array', pageBits: c.u8() };
      break;
    case 4:
      index = {
        type: 'extensible-array',
        maxBits: c.u8(),
        indexElements: c.u8(),
        minPointers: c.u8(),
        minElements: c.u8(),
        pageBits: c.u8(),
      };
      break;
    case 5: {
      const nodeSize = c.u32();
      c.u8(); // split percent
      c.u8(); // merge percent
      index = { type: 'btree-v2', nodeSize };
      break;
    }
    default:
      return c.fail(`unknown chunk index type ${indexType}`);
  }
  const address = c.address();
  return chunked(c, address, dims, index);
}

function readDims(c: Cursor, count: number, width: number): number[] {
  if (count < 2 || count > Limits.rank + 1) c.fail(`chunk dimensionality ${count} is out of range`);
  const dims: number[] = [];
  for (let i = 0; i < count; i++) {
    const d = c.uint(width);
    if (!Number.isSafeInteger(d) || d < 1 || d > 0xffff_ffff) c.fail(`chunk dimension ${i} is ${d}`);
    dims.push(d);
  }
  return dims;
}

/** The stored chunk dimensions end with the element size (a format convention). */
function chunked(c: Cursor, address: number | null, dims: number[], index: ChunkIndexSpec): Layout {
  const elementSize = dims[dims.length - 1]!;
  const chunk = dims.slice(0, -1);
  let bytes = elementSize;
  for (const d of chunk) bytes *= d;
  if (bytes > Limits.chunkBytes) c.fail(`chunk of ${bytes} bytes exceeds the format's 4 GiB limit`);
  return { class: 'chunked', address, chunk, elementSize, index };
}
