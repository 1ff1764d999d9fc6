/**
 * Encoders for the object header messages this writer emits (HDF5 file format spec, section IV.A).
 * Each returns the message body; the object header adds type, size and flags.
 */
import { ByteWriter, isAscii, utf8 } from './bytes.js';
import { MAX_MESSAGE_SIZE, MSG_CONSTANT, MessageType, UNDEFINED_ADDRESS, UNLIMITED } from './constants.js';
import { invalid } from './errors.js';
import { numericInfo, type ElementType, type FilterSpec, type Shape } from './types.js';
import type { Hdf5Value } from './values.js';

export interface Message {
  readonly type: number;
  readonly flags: number;
  readonly body: Uint8Array;
}

function message(type: number, body: Uint8Array, flags = 0): Message {
  if (body.length > MAX_MESSAGE_SIZE) {
    throw invalid(`object header message of type ${type} needs ${body.length} bytes (limit ${MAX_MESSAGE_SIZE})`);
  }
  return { type, flags, body };
}

// ------------------------------------------------------------------------------------- datatype

/** Datatype message version 1: fixed-point, IEEE float (LE) or fixed-length string. */
export function encodeDatatype(type: ElementType): Uint8Array {
  const w = new ByteWriter(24);
  if (typeof type !== 'string') {
    // class 3 string; bits 0-3 padding 0 = NUL-terminated, bits 4-7 charset (0 ASCII, 1 UTF-8)
    w.u8(0x13).u8(type.utf8 ? 0x10 : 0x00).u8(0).u8(0).u32(type.size);
    return w.view8().slice();
  }
  const info = numericInfo(type);
  if (info.float) {
    const bits = info.size * 8;
    // class 1; byte 0: mantissa normalization 2 (implied msb) << 4; byte 1: sign bit position
    w.u8(0x11).u8(0x20).u8(bits - 1).u8(0).u32(info.size);
    w.u16(0).u16(bits);
    if (info.size === 4) w.u8(23).u8(8).u8(0).u8(23).u32(127);
    else w.u8(52).u8(11).u8(0).u8(52).u32(1023);
    return w.view8().slice();
  }
  // class 0 fixed-point; byte 0 bit 3: signed; bit 0: byte order (0 = little-endian)
  w.u8(0x10).u8(info.signed ? 0x08 : 0x00).u8(0).u8(0).u32(info.size);
  w.u16(0).u16(info.size * 8);
  return w.view8().slice();
}

export function datatypeMessage(type: ElementType): Message {
  return message(MessageType.DATATYPE, encodeDatatype(type), MSG_CONSTANT);
}

// ------------------------------------------------------------------------------------ dataspace

/**
 * Dataspace message version 2. `shape` [] is a scalar dataspace; `maxShape` entries of
 * `Infinity` mean unlimited.
 */
export function encodeDataspace(shape: Shape, maxShape?: readonly number[]): Uint8Array {
  const w = new ByteWriter(4 + 16 * shape.length);
  const simple = shape.length > 0;
  w.u8(2).u8(shape.length).u8(maxShape ? 1 : 0).u8(simple ? 1 : 0);
  for (const d of shape) w.u64(d);
  if (maxShape) for (const d of maxShape) d === Infinity ? w.u64big(UNLIMITED) : w.u64(d);
  return w.view8().slice();
}

export function dataspaceMessage(shape: Shape, maxShape?: readonly number[]): Message {
  return message(MessageType.DATASPACE, encodeDataspace(shape, maxShape));
}

// ----------------------------------------------------------------------------------- fill value

export type AllocationTime = 'early' | 'late' | 'incremental';

const ALLOC_CODE: Readonly<Record<AllocationTime, number>> = { early: 1, late: 2, incremental: 3 };

/**
 * Fill value message version 3, fill time "if set" (as DECTRIS and h5py write). Without a value
 * the library default (zeros) applies.
 */
export function fillValueMessage(alloc: AllocationTime, fill: Uint8Array | null): Message {
  const w = new ByteWriter(16);
  const flags = ALLOC_CODE[alloc] | (2 << 2) | (fill ? 0x20 : 0);
  w.u8(3).u8(flags);
  if (fill) w.u32(fill.length).bytes(fill);
  return message(MessageType.FILL_VALUE, w.view8().slice(), MSG_CONSTANT);
}

// --------------------------------------------------------------------------------------- layout

/** Layout message version 3, contiguous storage (what Neggia requires for the pixel mask). */
export function contiguousLayoutMessage(address: number | null, size: number): Message {
  const w = new ByteWriter(18);
  w.u8(3).u8(1);
  if (address === null) w.u64big(UNDEFINED_ADDRESS);
  else w.u64(address);
  w.u64(size);
  return message(MessageType.LAYOUT, w.view8().slice());
}

/**
 * Layout message version 3, chunked storage indexed by a version-1 B-tree. `chunkDims` is the
 * chunk shape followed by the element size, as the format stores it.
 */
export function chunkedLayoutMessage(btreeAddress: number | null, chunkDims: readonly number[]): Message {
  const w = new ByteWriter(12 + 4 * chunkDims.length);
  w.u8(3).u8(2).u8(chunkDims.length);
  if (btreeAddress === null) w.u64big(UNDEFINED_ADDRESS);
  else w.u64(btreeAddress);
  for (const d of chunkDims) w.u32(d);
  return message(MessageType.LAYOUT, w.view8().slice());
}

/** Layout message version 4, virtual storage: the mapping lives in a global heap object. */
export function virtualLayoutMessage(heapAddress: number, objectIndex: number): Message {
  const w = new ByteWriter(14);
  w.u8(4).u8(3).u64(heapAddress).u32(objectIndex);
  return message(MessageType.LAYOUT, w.view8().slice());
}

// ------------------------------------------------------------------------------ filter pipeline

/** Filter pipeline message version 2 (names only for ids >= 256, not padded). */
export function filterPipelineMessage(filters: readonly FilterSpec[]): Message {
  const w = new ByteWriter(64);
  w.u8(2).u8(filters.length);
  for (const f of filters) {
    const cd = f.cdValues ?? [];
    const name = f.id >= 256 && f.name ? utf8(f.name) : null;
    w.u16(f.id);
    if (f.id >= 256) w.u16(name ? name.length + 1 : 0);
    w.u16(f.flags ?? 0).u16(cd.length);
    if (name) w.bytes(name).u8(0);
    for (const v of cd) w.u32(v);
  }
  return message(MessageType.FILTER_PIPELINE, w.view8().slice(), MSG_CONSTANT);
}

// ---------------------------------------------------------------------------------- attributes

/** Attribute message version 3 (name, datatype and dataspace not padded). */
export function attributeMessage(name: string, value: Hdf5Value): Message {
  const nameBytes = utf8(name);
  const dtype = encodeDatatype(value.type);
  const space = encodeDataspace(value.shape);
  const w = new ByteWriter(16 + nameBytes.length + dtype.length + space.length + value.bytes.length);
  w.u8(3).u8(0).u16(nameBytes.length + 1).u16(dtype.length).u16(space.length);
  w.u8(isAscii(nameBytes) ? 0 : 1);
  w.bytes(nameBytes).u8(0).bytes(dtype).bytes(space).bytes(value.bytes);
  if (w.length > MAX_MESSAGE_SIZE) {
    throw invalid(`attribute ${name} needs ${w.length} bytes; compact attributes are limited to ${MAX_MESSAGE_SIZE}`);
  }
  return message(MessageType.ATTRIBUTE, w.view8().slice());
}

/** Attribute info message: no creation order, no dense storage (attributes live in the header). */
export function attributeInfoMessage(): Message {
  const w = new ByteWriter(18);
  w.u8(0).u8(0).u64big(UNDEFINED_ADDRESS).u64big(UNDEFINED_ADDRESS);
  return message(MessageType.ATTRIBUTE_INFO, w.view8().slice());
}

// --------------------------------------------------------------------------------------- groups

/** Link info message: compact link storage (links are messages in the group's header). */
export function linkInfoMessage(): Message {
  const w = new ByteWriter(18);
  w.u8(0).u8(0).u64big(UNDEFINED_ADDRESS).u64big(UNDEFINED_ADDRESS);
  return message(MessageType.LINK_INFO, w.view8().slice());
}

/** Group info message with the library defaults. */
export function groupInfoMessage(): Message {
  return message(MessageType.GROUP_INFO, new Uint8Array([0, 0]), MSG_CONSTANT);
}

export type LinkTarget =
  | { readonly kind: 'hard'; readonly address: number }
  | { readonly kind: 'soft'; readonly path: string }
  | { readonly kind: 'external'; readonly file: string; readonly path: string };

/** Link message version 1. */
export function linkMessage(name: string, target: LinkTarget): Message {
  const nameBytes = utf8(name);
  const ascii = isAscii(nameBytes);
  const width = nameBytes.length < 0x100 ? 1 : nameBytes.length < 0x10000 ? 2 : 4;
  const widthCode = width === 1 ? 0 : width === 2 ? 1 : 2;
  const typeCode = target.kind === 'hard' ? 0 : target.kind === 'soft' ? 1 : 64;
  const flags = widthCode | (typeCode !== 0 ? 0x08 : 0) | (ascii ? 0 : 0x10);
  const w = new ByteWriter(32 + nameBytes.length);
  w.u8(1).u8(flags);
  if (typeCode !== 0) w.u8(typeCode);
  if (!ascii) w.u8(1);
  w.uint(nameBytes.length, width).bytes(nameBytes);
  if (target.kind === 'hard') {
    w.u64(target.address);
  } else if (target.kind === 'soft') {
    const p = utf8(target.path);
    if (p.length > 0xffff) throw invalid(`soft link target too long: ${target.path}`);
    w.u16(p.length).bytes(p);
  } else {
    const file = utf8(target.file);
    const path = utf8(target.path);
    const size = 1 + file.length + 1 + path.length + 1;
    if (size > 0xffff) throw invalid(`external link target too long: ${target.file}`);
    w.u16(size).u8(0).bytes(file).u8(0).bytes(path).u8(0);
  }
  return message(MessageType.LINK, w.view8().slice());
}
