import { lookup3 } from '../lookup3.js';
import { Cursor, decodeText, type Widths } from './cursor.js';
import { malformed, type ReadContext } from './errors.js';
import type { H5File } from './file.js';
import { Limits } from './limits.js';
import type { GlobalHeap } from './structures/global-heap.js';
import type { Hdf5VirtualSource } from './types.js';

/** A selection as a list of blocks (inclusive corners), or 'all'. */
type Selection = { readonly kind: 'all' } | { readonly kind: 'blocks'; readonly blocks: readonly Block[] };
interface Block {
  readonly start: readonly number[];
  readonly end: readonly number[];
}

/**
 * The mapping of a virtual dataset, simplified to frame ranges: each entry maps frames
 * [firstFrame, firstFrame + frames) of the virtual dataset to frames from sourceFirstFrame on
 * in the source dataset. Supported: 'all' selections and hyperslabs (any encoding version,
 * regular or not) whose blocks span every dimension but the first — what our writer, DECTRIS
 * and h5py's VirtualLayout slicing produce, strided selections included. Anything else (point
 * selections, unlimited/printf-named mappings, blocks covering part of a frame) is an INPUT
 * error.
 */
export async function readVirtualMapping(
  file: H5File,
  heap: GlobalHeap,
  heapAddress: number,
  heapIndex: number,
  shape: readonly number[],
): Promise<Hdf5VirtualSource[]> {
  return decodeVirtualMapping(await heap.object(heapAddress, heapIndex), file, file.widths, shape);
}

/** Decodes the mapping blob (global heap object) of a virtual dataset of this shape. */
export function decodeVirtualMapping(blob: Uint8Array, ctx: ReadContext, widths: Widths, shape: readonly number[]): Hdf5VirtualSource[] {
  const what = 'virtual dataset mapping';
  if (blob.length < 5) throw malformed(ctx, `${what} is truncated`);
  const stored = new DataView(blob.buffer, blob.byteOffset + blob.length - 4, 4).getUint32(0, true);
  if (lookup3(blob.subarray(0, blob.length - 4)) !== stored) throw malformed(ctx, `${what}: checksum mismatch`);
  const c = new Cursor(blob.subarray(0, blob.length - 4), ctx, what, widths);
  const version = c.u8();
  if (version !== 0) c.fail(`unsupported encoding version ${version}`);
  const count = c.lengthField();
  if (count > Limits.virtualMappings) c.fail(`${count} mappings (limit ${Limits.virtualMappings})`);
  const out: Hdf5VirtualSource[] = [];
  for (let i = 0; i < count; i++) {
    const sourceFile = unescapeName(c, decodeText(c.cstringBytes()));
    const dataset = unescapeName(c, decodeText(c.cstringBytes()));
    const source = parseSelection(c);
    const virtual = parseSelection(c);
    for (const m of frameRanges(c, source, virtual, shape)) out.push({ file: sourceFile, dataset, ...m });
    if (out.length > Limits.virtualMappings) c.fail(`more than ${Limits.virtualMappings} frame ranges`);
  }
  return out;
}

/** Source names are printf-like templates: "%%" is a literal "%"; "%b" (block number) is not supported. */
function unescapeName(c: Cursor, name: string): string {
  return name.replace(/%(.?)/g, (_, next: string) => {
    if (next === '%') return '%';
    return c.fail(`source name "${name}" uses printf-style substitution, which is not supported`);
  });
}

function parseSelection(c: Cursor): Selection {
  const type = c.u32();
  const version = c.u32();
  if (type === 3 || type === 0) {
    if (type === 0) c.fail('empty ("none") selections are not supported');
    if (version === 1) c.skip(8);
    else if (version !== 2) c.fail(`unsupported 'all' selection version ${version}`);
    return { kind: 'all' };
  }
  if (type !== 2) c.fail(`selection type ${type} (points) is not supported`);
  if (version === 1) {
    c.skip(8); // reserved, length
    const rank = readRank(c);
    return { kind: 'blocks', blocks: readBlocks(c, rank, c.u32(), 4) };
  }
  if (version === 2 || version === 3) {
    const flags = c.u8();
    const width = version === 3 ? c.u8() : 8;
    if (version === 2) c.u32(); // length
    if (width !== 2 && width !== 4 && width !== 8) c.fail(`invalid hyperslab encoding width ${width}`);
    const rank = readRank(c);
    if (flags & 0x01) return { kind: 'blocks', blocks: regularBlocks(c, rank, width) };
    if (version === 2) c.fail('irregular hyperslab in version-2 encoding');
    return { kind: 'blocks', blocks: readBlocks(c, rank, c.uint(width), width) };
  }
  return c.fail(`unsupported hyperslab selection version ${version}`);
}

function readRank(c: Cursor): number {
  const rank = c.u32();
  if (rank < 1 || rank > Limits.rank) c.fail(`selection rank ${rank}`);
  return rank;
}

function readBlocks(c: Cursor, rank: number, count: number, width: number): Block[] {
  if (count > Limits.virtualMappings) c.fail(`${count} hyperslab blocks`);
  const blocks: Block[] = [];
  for (let b = 0; b < count; b++) {
    const start: number[] = [];
    const end: number[] = [];
    for (let d = 0; d < rank; d++) start.push(c.uint(width));
    for (let d = 0; d < rank; d++) end.push(c.uint(width));
    blocks.push({ start, end });
  }
  return blocks;
}

/** A regular hyperslab (start, stride, count, block per dimension) expanded into its blocks. */
function regularBlocks(c: Cursor, rank: number, width: number): Block[] {
  const start: number[] = [];
  const stride: number[] = [];
  const count: number[] = [];
  const block: number[] = [];
  for (let d = 0; d < rank; d++) {
    const values = [c.dimension(width), c.dimension(width), c.dimension(width), c.dimension(width)];
    if (values.some((v) => v === null || !Number.isSafeInteger(v))) c.fail('unlimited hyperslab selections are not supported');
    start.push(values[0]!);
    stride.push(values[1]!);
    count.push(values[2]!);
    block.push(values[3]!);
  }
  let total = 1;
  for (const n of count) total *= n;
  if (total > Limits.virtualMappings) c.fail(`hyperslab of ${total} blocks`);
  const blocks: Block[] = [];
  for (let i = 0; i < total; i++) {
    let rest = i;
    const s: number[] = new Array<number>(rank);
    const e: number[] = new Array<number>(rank);
    for (let d = rank - 1; d >= 0; d--) {
      const k = rest % count[d]!;
      rest = Math.floor(rest / count[d]!);
      s[d] = start[d]! + k * stride[d]!;
      e[d] = s[d]! + block[d]! - 1;
    }
    blocks.push({ start: s, end: e });
  }
  return blocks;
}

interface FrameRange {
  readonly firstFrame: number;
  readonly frames: number;
  readonly sourceFirstFrame: number;
}

/**
 * Selections map element by element in row-major order; when every block spans whole frames
 * that order is frame order, so the mapping is the two frame sequences zipped together.
 */
function frameRanges(c: Cursor, source: Selection, virtual: Selection, shape: readonly number[]): FrameRange[] {
  const vRuns = virtual.kind === 'all' ? [{ start: 0, frames: shape[0]! }] : frameRuns(c, virtual.blocks, shape, 'virtual');
  const sRuns = source.kind === 'all' ? null : frameRuns(c, source.blocks, shape, 'source');
  const total = vRuns.reduce((n, r) => n + r.frames, 0);
  const sources = sRuns ?? [{ start: 0, frames: total }];
  if (sources.reduce((n, r) => n + r.frames, 0) !== total) c.fail('source and virtual selections differ in frame count');
  const ranges: FrameRange[] = [];
  let vi = 0;
  let si = 0;
  let vUsed = 0;
  let sUsed = 0;
  while (vi < vRuns.length && si < sources.length) {
    const v = vRuns[vi]!;
    const s = sources[si]!;
    const frames = Math.min(v.frames - vUsed, s.frames - sUsed);
    ranges.push({ firstFrame: v.start + vUsed, frames, sourceFirstFrame: s.start + sUsed });
    vUsed += frames;
    sUsed += frames;
    if (vUsed === v.frames) {
      vi++;
      vUsed = 0;
    }
    if (sUsed === s.frames) {
      si++;
      sUsed = 0;
    }
    if (ranges.length > Limits.virtualMappings) c.fail(`more than ${Limits.virtualMappings} frame ranges`);
  }
  return mergeAdjacent(ranges);
}

/** Blocks as runs of whole frames, in frame order; fails for blocks covering part of a frame. */
function frameRuns(c: Cursor, blocks: readonly Block[], shape: readonly number[], which: string): { start: number; frames: number }[] {
  const runs = blocks.map((b) => {
    if (b.start.length !== shape.length) c.fail(`${which} selection rank differs from the virtual dataset's`);
    for (let d = 1; d < shape.length; d++) {
      if (b.start[d] !== 0 || b.end[d] !== shape[d]! - 1) c.fail(`${which} selection does not cover whole frames`);
    }
    if (b.end[0]! < b.start[0]!) c.fail(`empty ${which} block`);
    return { start: b.start[0]!, frames: b.end[0]! - b.start[0]! + 1 };
  });
  return runs.sort((a, b) => a.start - b.start);
}

function mergeAdjacent(ranges: FrameRange[]): FrameRange[] {
  const out: FrameRange[] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && last.firstFrame + last.frames === r.firstFrame && last.sourceFirstFrame + last.frames === r.sourceFirstFrame) {
      out[out.length - 1] = { ...last, frames: last.frames + r.frames };
    } else {
      out.push(r);
    }
  }
  return out;
}
