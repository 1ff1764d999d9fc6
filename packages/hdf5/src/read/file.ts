import { open, type FileHandle } from 'node:fs/promises';
import { lookup3 } from '../lookup3.js';
import { Cursor, type Widths } from './cursor.js';
import { malformed, type ReadContext } from './errors.js';
import { Limits } from './limits.js';
import { SharedMessageTable } from './shared-messages.js';

/**
 * One open HDF5 file: positional reads through a file handle, the superblock's widths and base
 * address, and range checks. Addresses handed in are HDF5 addresses (relative to the base
 * address); every read is bounded by the real file size before anything is allocated.
 */
export class H5File implements ReadContext {
  /** Filled in once the superblock is parsed. */
  widths: Widths = { offsetSize: 8, lengthSize: 8 };
  base = 0;
  /** Shared object header messages of this file (found through the superblock extension). */
  sharedMessages = new SharedMessageTable(this, null);

  private constructor(
    readonly file: string,
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  static async open(path: string): Promise<H5File> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (err) {
      throw malformed({ file: path }, `cannot open ${path}: ${(err as Error).message}`, err);
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw malformed({ file: path }, `${path} is not a regular file`);
      return new H5File(path, handle, stat.size);
    } catch (err) {
      await handle.close().catch(() => undefined);
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  /** Fails unless [address, address + length) lies inside the file. Returns the physical offset. */
  physical(address: number, length: number, what: string): number {
    const start = this.base + address;
    if (!Number.isSafeInteger(address) || address < 0 || !Number.isSafeInteger(length) || length < 0 || start + length > this.size) {
      throw malformed(this, `${what} at address ${address} (+${length} bytes) lies outside the file (${this.size} bytes)`);
    }
    return start;
  }

  /** Reads raw bytes at a physical offset into a fresh, unshared buffer. */
  async readPhysical(offset: number, length: number, what: string): Promise<Uint8Array> {
    if (offset + length > this.size) throw malformed(this, `${what} extends past the end of the file`);
    // allocUnsafeSlow: a buffer that owns its whole ArrayBuffer (transferable, never pooled);
    // it is filled completely below or discarded.
    const buf = Buffer.allocUnsafeSlow(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.handle.read(buf, done, length - done, offset + done);
      if (bytesRead === 0) throw malformed(this, `${what}: file ended after ${done} of ${length} bytes`);
      done += bytesRead;
    }
    return new Uint8Array(buf.buffer, buf.byteOffset, length);
  }

  /** Reads a metadata structure (bounded by Limits.metadataBlock). */
  async read(address: number, length: number, what: string): Promise<Uint8Array> {
    if (length > Limits.metadataBlock) throw malformed(this, `${what} claims ${length} bytes (limit ${Limits.metadataBlock})`);
    return this.readPhysical(this.physical(address, length, what), length, what);
  }

  /** Reads up to `length` bytes, fewer where the file ends (for structures of unknown size). */
  async readUpTo(address: number, length: number, what: string): Promise<Uint8Array> {
    this.physical(address, 0, what);
    const available = Math.min(length, this.size - this.base - address);
    return this.read(address, available, what);
  }

  cursor(bytes: Uint8Array, what: string, start = 0): Cursor {
    return new Cursor(bytes, this, what, this.widths, start);
  }

  /** Fails unless the 4 bytes at `end` hold lookup3 of bytes [start, end). */
  verifyChecksum(bytes: Uint8Array, start: number, end: number, what: string): void {
    if (end + 4 > bytes.length || start < 0 || start > end) throw malformed(this, `${what} is truncated before its checksum`);
    const stored = (bytes[end]! | (bytes[end + 1]! << 8) | (bytes[end + 2]! << 16) | (bytes[end + 3]! << 24)) >>> 0;
    const computed = lookup3(bytes.subarray(start, end));
    if (stored !== computed) throw malformed(this, `${what}: checksum mismatch (stored ${hex(stored)}, computed ${hex(computed)})`);
  }
}

function hex(v: number): string {
  return `0x${v.toString(16).padStart(8, '0')}`;
}
