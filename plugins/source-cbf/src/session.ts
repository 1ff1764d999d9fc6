import type { DatasetMeta, Encoding, Frame, SourceSession } from '@beamstack/contract';
import type { FrameReader } from './frame-reader.js';

/** An open CBF series: its description and random access to its frames. */
export class CbfSession implements SourceSession {
  private closed = false;

  constructor(
    readonly meta: DatasetMeta,
    readonly encoding: Encoding,
    private readonly reader: FrameReader,
    private readonly warn: (message: string) => void,
  ) {}

  read(index: number): Promise<Frame> {
    return this.reader.read(index);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const summary = this.reader.summary();
    if (summary) this.warn(summary);
  }
}
