import type { ByteWriter } from './bytes.js';
import { lookup3 } from './lookup3.js';
import type { Message } from './messages.js';

/**
 * Version-2 object header in a single chunk: "OHDR", version 2, flags (only the width of the
 * chunk-size field; no times, no creation order), chunk size, messages, lookup3 checksum.
 * Everything is known at close, so no continuation chunks and no gaps are ever needed.
 */
function chunkSizeWidth(chunkBytes: number): 1 | 2 | 4 | 8 {
  if (chunkBytes < 0x100) return 1;
  if (chunkBytes < 0x10000) return 2;
  if (chunkBytes < 0x1_0000_0000) return 4;
  return 8;
}

function chunkBytes(messages: readonly Message[]): number {
  let n = 0;
  for (const m of messages) n += 4 + m.body.length;
  return n;
}

export function objectHeaderSize(messages: readonly Message[]): number {
  const body = chunkBytes(messages);
  return 4 + 1 + 1 + chunkSizeWidth(body) + body + 4;
}

export function writeObjectHeader(out: ByteWriter, messages: readonly Message[]): void {
  const body = chunkBytes(messages);
  const width = chunkSizeWidth(body);
  const start = out.length;
  out.u8(0x4f).u8(0x48).u8(0x44).u8(0x52); // "OHDR"
  out.u8(2).u8(width === 1 ? 0 : width === 2 ? 1 : width === 4 ? 2 : 3);
  out.uint(body, width);
  for (const m of messages) out.u8(m.type).u16(m.body.length).u8(m.flags).bytes(m.body);
  out.u32(lookup3(out.view8().subarray(start)));
}
