import { Buffer } from 'node:buffer';
import { open } from 'node:fs/promises';
import { inputError } from './errors.js';

/**
 * Reads a whole file into a fresh buffer of exactly its size (never a pooled one: the buffer is
 * transferred to a worker), refusing files larger than `maxBytes` before allocating anything.
 * A file that shrinks while being read is refused as truncated.
 */
export async function readWholeFile(path: string, maxBytes: number): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (cause) {
    throw inputError(`cannot open ${path}: ${(cause as Error).message}`, { file: path }, cause);
  }
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw inputError(`${path} is ${size} bytes, more than a frame of this series can take (${maxBytes})`, { file: path });
    const out = Buffer.allocUnsafeSlow(size);
    let at = 0;
    while (at < size) {
      const { bytesRead } = await handle.read(out, at, size - at, at);
      if (bytesRead === 0) throw inputError(`${path} ended after ${at} of ${size} bytes while being read`, { file: path });
      at += bytesRead;
    }
    return new Uint8Array(out.buffer, out.byteOffset, size);
  } catch (cause) {
    if ((cause as { code?: string }).code?.startsWith('BEAMSTACK_E_')) throw cause;
    throw inputError(`cannot read ${path}: ${(cause as Error).message}`, { file: path }, cause);
  } finally {
    await handle.close();
  }
}

/** The first `bytes` bytes of a file (fewer when it is shorter). */
export async function readHead(path: string, bytes: number): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (cause) {
    throw inputError(`cannot open ${path}: ${(cause as Error).message}`, { file: path }, cause);
  }
  try {
    const out = Buffer.alloc(bytes);
    let at = 0;
    while (at < bytes) {
      const { bytesRead } = await handle.read(out, at, bytes - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return new Uint8Array(out.buffer, out.byteOffset, at);
  } catch (cause) {
    throw inputError(`cannot read ${path}: ${(cause as Error).message}`, { file: path }, cause);
  } finally {
    await handle.close();
  }
}
