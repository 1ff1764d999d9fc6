import type { Cursor } from './cursor.js';
import { malformed } from './errors.js';
import type { H5File } from './file.js';
import { Limits } from './limits.js';

/** One header message: its type, flags and body (a view into the header chunk). */
export interface HeaderMessage {
  readonly type: number;
  readonly flags: number;
  readonly body: Uint8Array;
}

export interface ObjectHeader {
  readonly address: number;
  readonly version: 1 | 2;
  readonly messages: readonly HeaderMessage[];
}

export const MSG = {
  NIL: 0x00,
  DATASPACE: 0x01,
  LINK_INFO: 0x02,
  DATATYPE: 0x03,
  FILL_VALUE_OLD: 0x04,
  FILL_VALUE: 0x05,
  LINK: 0x06,
  EXTERNAL_FILES: 0x07,
  LAYOUT: 0x08,
  GROUP_INFO: 0x0a,
  FILTER_PIPELINE: 0x0b,
  ATTRIBUTE: 0x0c,
  CONTINUATION: 0x10,
  SYMBOL_TABLE: 0x11,
  ATTRIBUTE_INFO: 0x15,
} as const;

/** Message flag bit 1: the body is a pointer to a shared message stored elsewhere. */
export const MSG_FLAG_SHARED = 0x02;

interface Continuation {
  readonly address: number;
  readonly length: number;
}

/**
 * Reads an object header (version 1 or 2) with all its continuation chunks. Version-2 chunks
 * are checksum-verified. The number of chunks, messages and bytes is bounded and chunk
 * addresses may not repeat, so a corrupt header cannot loop.
 */
export async function readObjectHeader(file: H5File, address: number): Promise<ObjectHeader> {
  const what = `object header at ${address}`;
  const probe = await file.readUpTo(address, 4, what);
  const isV2 = probe.length === 4 && probe[0] === 0x4f && probe[1] === 0x48 && probe[2] === 0x44 && probe[3] === 0x52; // "OHDR"
  const messages: HeaderMessage[] = [];
  const pending: Continuation[] = [];
  const seen = new Set<number>([address]);

  let version: 1 | 2;
  let creationOrderTracked = false;
  if (isV2) {
    version = 2;
    const prefix = await file.readUpTo(address, 6 + 16 + 4 + 8, what);
    const c: Cursor = file.cursor(prefix, what, 4);
    const v = c.u8();
    if (v !== 2) c.fail(`unsupported object header version ${v}`);
    const flags = c.u8();
    creationOrderTracked = (flags & 0x04) !== 0;
    if (flags & 0x20) c.skip(16);
    if (flags & 0x10) c.skip(4);
    const chunkSize = c.uint(1 << (flags & 0x03));
    const start = c.pos;
    const chunk = await file.read(address, start + chunkSize + 4, what);
    file.verifyChecksum(chunk, 0, start + chunkSize, what);
    parseV2Messages(file, chunk, start, start + chunkSize, creationOrderTracked, messages, pending, what);
  } else {
    version = 1;
    const prefix = await file.read(address, 16, what);
    const c: Cursor = file.cursor(prefix, what);
    const v = c.u8();
    if (v !== 1) c.fail(`unsupported object header version ${v}`);
    c.u8();
    c.u16(); // number of messages (the chunk sizes bound the parse instead)
    c.u32(); // reference count
    const size = c.u32();
    const chunk = await file.read(address + 16, size, what);
    parseV1Messages(file, chunk, messages, pending, what);
  }

  let chunks = 1;
  while (pending.length > 0) {
    const next = pending.shift()!;
    if (++chunks > Limits.headerChunks) throw malformed(file, `${what} has more than ${Limits.headerChunks} continuation chunks`);
    if (seen.has(next.address)) throw malformed(file, `${what}: continuation chunk at ${next.address} is referenced twice`);
    seen.add(next.address);
    const cwhat = `object header continuation at ${next.address}`;
    const chunk = await file.read(next.address, next.length, cwhat);
    if (version === 2) {
      const c: Cursor = file.cursor(chunk, cwhat);
      c.expectSignature('OCHK');
      if (chunk.length < 8) c.fail('too short');
      file.verifyChecksum(chunk, 0, chunk.length - 4, cwhat);
      parseV2Messages(file, chunk, 4, chunk.length - 4, creationOrderTracked, messages, pending, cwhat);
    } else {
      parseV1Messages(file, chunk, messages, pending, cwhat);
    }
  }
  return { address, version, messages };
}

function parseV1Messages(
  file: H5File,
  chunk: Uint8Array,
  out: HeaderMessage[],
  pending: Continuation[],
  what: string,
): void {
  const c: Cursor = file.cursor(chunk, what);
  // Version-1 messages are 8-byte aligned; a tail shorter than a message header is padding.
  while (c.remaining >= 8) {
    const type = c.u16();
    const size = c.u16();
    const flags = c.u8();
    c.skip(3);
    const body = c.bytesView(size);
    c.pos = Math.min(c.length, c.pos + ((8 - (c.pos % 8)) % 8));
    addMessage(file, out, pending, type, flags, body, what);
  }
}

function parseV2Messages(
  file: H5File,
  chunk: Uint8Array,
  start: number,
  end: number,
  creationOrder: boolean,
  out: HeaderMessage[],
  pending: Continuation[],
  what: string,
): void {
  const c: Cursor = file.cursor(chunk.subarray(0, end), what, start);
  const headerSize = creationOrder ? 6 : 4;
  // A gap smaller than a message header may close a chunk.
  while (c.remaining >= headerSize) {
    const type = c.u8();
    const size = c.u16();
    const flags = c.u8();
    if (creationOrder) c.u16();
    const body = c.bytesView(size);
    addMessage(file, out, pending, type, flags, body, what);
  }
}

function addMessage(
  file: H5File,
  out: HeaderMessage[],
  pending: Continuation[],
  type: number,
  flags: number,
  body: Uint8Array,
  what: string,
): void {
  if (out.length >= Limits.headerMessages) throw malformed(file, `${what} has more than ${Limits.headerMessages} messages`);
  if (type === MSG.CONTINUATION) {
    const c: Cursor = file.cursor(body, `${what}: continuation message`);
    const address = c.address();
    const length = c.lengthField();
    if (address === null) c.fail('undefined continuation address');
    file.physical(address, length, 'object header continuation');
    pending.push({ address, length });
    return;
  }
  if (type === MSG.NIL) return;
  out.push({ type, flags, body });
}

/** The first message of a type, or undefined. */
export function findMessage(header: ObjectHeader, type: number): HeaderMessage | undefined {
  return header.messages.find((m) => m.type === type);
}

export function findMessages(header: ObjectHeader, type: number): HeaderMessage[] {
  return header.messages.filter((m) => m.type === type);
}
