import { ByteWriter, utf8 } from './bytes.js';
import { lookup3 } from './lookup3.js';

/** One source of a virtual dataset: frames [firstFrame, firstFrame + frames) come from `dataset` in `file`. */
export interface VirtualSource {
  /** File name as stored (relative names resolve against the directory of the virtual dataset's file). */
  readonly file: string;
  /** Path of the source dataset in that file; the whole dataset is mapped (shape [frames, ...frameShape]). */
  readonly dataset: string;
  readonly frames: number;
  readonly firstFrame: number;
}

/** HDF5 parses source names printf-style ("%b"); a literal "%" must be doubled. */
function escapeSourceName(name: string): string {
  return name.replaceAll('%', '%%');
}

/**
 * The virtual-dataset mapping stored in a global heap object: version 0, entry count, then per
 * entry source file, source dataset, source selection ("all") and virtual selection (one
 * hyperslab block, selection version 1), then a lookup3 checksum — the encoding HDF5 1.10 writes.
 */
export function encodeVirtualMapping(sources: readonly VirtualSource[], shape: readonly number[]): Uint8Array {
  const w = new ByteWriter(64 + sources.length * 96);
  w.u8(0).u64(sources.length);
  const rank = shape.length;
  for (const s of sources) {
    w.bytes(utf8(escapeSourceName(s.file))).u8(0);
    w.bytes(utf8(escapeSourceName(s.dataset))).u8(0);
    // source selection: H5S_SEL_ALL (3), version 1, reserved, length 0
    w.u32(3).u32(1).u32(0).u32(0);
    // virtual selection: H5S_SEL_HYPERSLABS (2), version 1, reserved, length, rank, 1 block
    w.u32(2).u32(1).u32(0).u32(8 + 8 * rank).u32(rank).u32(1);
    w.u32(s.firstFrame);
    for (let d = 1; d < rank; d++) w.u32(0);
    w.u32(s.firstFrame + s.frames - 1);
    for (let d = 1; d < rank; d++) w.u32(shape[d]! - 1);
  }
  w.u32(lookup3(w.view8()));
  return w.view8().slice();
}

const COLLECTION_HEADER = 16;
const OBJECT_HEADER = 16;
/** Readers load at least this many bytes of a collection. */
const MIN_COLLECTION = 4096;

function align8(n: number): number {
  return (n + 7) & ~7;
}

export function globalHeapBytes(objects: readonly Uint8Array[]): number {
  let used = COLLECTION_HEADER + OBJECT_HEADER; // room for the free-space object
  for (const o of objects) used += OBJECT_HEADER + align8(o.length);
  return Math.max(MIN_COLLECTION, Math.ceil(used / MIN_COLLECTION) * MIN_COLLECTION);
}

/**
 * A global heap collection ("GCOL", version 1) holding `objects` as heap objects 1..n; the rest
 * is described by free-space object 0, whose size counts its own header.
 */
export function writeGlobalHeap(out: ByteWriter, objects: readonly Uint8Array[]): void {
  const total = globalHeapBytes(objects);
  const start = out.length;
  out.u8(0x47).u8(0x43).u8(0x4f).u8(0x4c).u8(1).zeros(3).u64(total);
  objects.forEach((o, i) => {
    out.u16(i + 1).u16(0).u32(0).u64(o.length).bytes(o).zeros(align8(o.length) - o.length);
  });
  const free = total - (out.length - start);
  out.u16(0).u16(0).u32(0).u64(free);
  out.zeros(free - OBJECT_HEADER);
}
