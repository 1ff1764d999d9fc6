import { open, type FileHandle } from 'node:fs/promises';
import { outputFailure } from './errors.js';

/**
 * The file's byte space: addresses are handed out by bumping the end, and bytes go to their
 * address with positional writes straight from the caller's buffer (no copy). Writes may
 * overlap in time; `drain()` waits for all of them and reports the first failure.
 */
export class FileSink {
  private end: number;
  private inflight = 0;
  private failure: unknown = undefined;
  private drainWaiters: (() => void)[] = [];

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    reserved: number,
  ) {
    this.end = reserved;
  }

  /** Creates the file; with `overwrite` false an existing file is an error. */
  static async create(path: string, reserved: number, overwrite: boolean): Promise<FileSink> {
    try {
      const handle = await open(path, overwrite ? 'w' : 'wx');
      return new FileSink(path, handle, reserved);
    } catch (cause) {
      throw outputFailure(`cannot create ${path}: ${(cause as Error).message}`, { file: path }, cause);
    }
  }

  get size(): number {
    return this.end;
  }

  get failed(): unknown {
    return this.failure;
  }

  /** Claims `length` bytes at the end of the file and returns their address. */
  allocate(length: number): number {
    const at = this.end;
    this.end += length;
    return at;
  }

  /** Writes `bytes` at `address`; the caller must not change them until the promise settles. */
  async writeAt(address: number, bytes: Uint8Array): Promise<void> {
    this.inflight++;
    try {
      let done = 0;
      while (done < bytes.length) {
        const { bytesWritten } = await this.handle.write(bytes, done, bytes.length - done, address + done);
        if (bytesWritten <= 0) throw new Error('write made no progress');
        done += bytesWritten;
      }
    } catch (cause) {
      const error = outputFailure(`write of ${bytes.length} bytes at ${address} failed: ${(cause as Error).message}`, { file: this.path }, cause);
      this.failure ??= error;
      throw error;
    } finally {
      if (--this.inflight === 0) for (const wake of this.drainWaiters.splice(0)) wake();
    }
  }

  /** Starts a write whose failure is only reported by `drain()` (for synchronous API calls). */
  writeInBackground(address: number, bytes: Uint8Array): void {
    this.writeAt(address, bytes).catch(() => undefined);
  }

  /** Waits for every write in flight; throws the first failure seen. */
  async drain(): Promise<void> {
    if (this.inflight > 0) await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
    if (this.failure !== undefined) throw this.failure;
  }

  async sync(): Promise<void> {
    try {
      await this.handle.datasync();
    } catch (cause) {
      throw outputFailure(`fdatasync failed: ${(cause as Error).message}`, { file: this.path }, cause);
    }
  }

  async close(): Promise<void> {
    try {
      await this.handle.close();
    } catch (cause) {
      throw outputFailure(`close failed: ${(cause as Error).message}`, { file: this.path }, cause);
    }
  }
}
