import type { DatasetMeta, Encoding, Frame, SourceSession } from '@beamstack/contract';
import type { FileCache } from './frames/file-cache.js';
import type { FrameReader } from './frames/frame-reader.js';

/** An open series: its description and random access to its frames. */
export class EigerSession implements SourceSession {
  private closed = false;

  constructor(
    readonly meta: DatasetMeta,
    readonly encoding: Encoding | null,
    private readonly reader: FrameReader,
    private readonly files: FileCache,
  ) {}

  read(index: number): Promise<Frame> {
    return this.reader.read(index);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.files.close();
  }
}
