import { unlink, writeFile } from 'node:fs/promises';
import {
  BeamstackError,
  ErrorCodes,
  isBeamstackError,
  type DatasetMeta,
  type Frame,
  type OutputFile,
  type WriterContext,
  type WriterResult,
  type WriterSession,
} from '@beamstack/contract';
import { frameFileName, pathIn, publish, temporaryName } from './names.js';
import type { CbfWriterOptions } from './options.js';
import { prepareFrame } from './prepare.js';
import { CBF_FILE_FORM, STAGE_ID } from './version.js';

interface Written {
  readonly tempPath: string;
  readonly finalPath: string;
  readonly bytes: number;
}

type State = 'open' | 'closed' | 'aborted';

/**
 * Writes one file per frame under a hidden temporary name; close() gives them their final names,
 * last frame first, so an interrupted close leaves a series without its first frame rather than a
 * shorter series that looks complete. abort() removes everything this session made.
 */
export class CbfSeriesSession implements WriterSession {
  private state: State = 'open';
  private nextIndex = 0;
  private readonly written: Written[] = [];
  /** Final paths published by a close() that later failed (abort removes them too). */
  private readonly published: string[] = [];
  private queue: Promise<void> = Promise.resolve();
  private failure: unknown = undefined;

  constructor(
    private readonly meta: DatasetMeta,
    private readonly options: CbfWriterOptions,
    private readonly ctx: WriterContext,
    private readonly outDir: string,
  ) {}

  /** Claims the frame's place at once and stores it after every earlier frame. */
  write(frame: Frame): Promise<void> {
    try {
      this.assertOpen();
      if (frame.index !== this.nextIndex) {
        throw new BeamstackError(ErrorCodes.INPUT, `frames must arrive in order without gaps: expected frame ${this.nextIndex}, got ${frame.index}`, {
          frame: frame.index,
          stage: STAGE_ID,
        });
      }
      // Normally `prepare` built the file in a worker; a caller without the pool gets it built here.
      const file = prepareFrame(frame, this.options, this.meta);
      const bytes = file.encoded?.codec === CBF_FILE_FORM ? file.encoded.bytes : null;
      if (!bytes) throw new BeamstackError(ErrorCodes.INTERNAL, 'prepared frame holds no CBF file', { frame: frame.index, stage: STAGE_ID });
      this.nextIndex++;
      const stored = this.queue.then(() => this.store(bytes, frame.index));
      this.queue = stored.catch(() => undefined);
      return stored;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private async store(bytes: Uint8Array, index: number): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    const finalName = frameFileName(this.options.prefix, index + 1, this.options.digits);
    const finalPath = pathIn(this.outDir, finalName);
    const tempPath = pathIn(this.outDir, temporaryName(finalName));
    try {
      if (this.state === 'aborted') throw new BeamstackError(ErrorCodes.OUTPUT, 'writer session was aborted', { stage: STAGE_ID });
      // 'wx': never overwrite; a leftover temporary file of this process is a bug worth seeing.
      await writeFile(tempPath, bytes, { flag: 'wx' });
      this.written.push({ tempPath, finalPath, bytes: bytes.byteLength });
    } catch (error) {
      await unlink(tempPath).catch(() => undefined);
      this.failure = isBeamstackError(error)
        ? error.withContext({ frame: index, stage: STAGE_ID })
        : new BeamstackError(ErrorCodes.OUTPUT, `cannot write ${tempPath}: ${(error as Error).message}`, { file: tempPath, frame: index, stage: STAGE_ID }, { cause: error });
      throw this.failure;
    }
  }

  async close(): Promise<WriterResult> {
    this.assertOpen();
    this.state = 'closed';
    try {
      await this.queue;
      if (this.failure !== undefined) throw this.failure;
      if (this.written.length === 0) this.ctx.warn('no frames were written', { stage: STAGE_ID });
      else if (this.written.length !== this.meta.frameCount) {
        this.ctx.warn(`wrote ${this.written.length} frames; the dataset described ${this.meta.frameCount}`, { stage: STAGE_ID });
      }
      for (let k = this.written.length - 1; k >= 0; k--) {
        const w = this.written[k]!;
        await publish(w.tempPath, w.finalPath);
        this.published.push(w.finalPath);
      }
      const files: OutputFile[] = this.written.map((w) => ({ path: w.finalPath, bytes: w.bytes, role: 'frame' }));
      this.written.length = 0;
      this.published.length = 0;
      return { files, frames: files.length };
    } catch (error) {
      await this.cleanUp();
      throw error;
    }
  }

  /** Removes every file this session made; waits for writes in flight first. Never throws. */
  async abort(reason: unknown): Promise<void> {
    void reason;
    if (this.state === 'aborted') return;
    this.state = 'aborted';
    await this.queue;
    await this.cleanUp();
  }

  private async cleanUp(): Promise<void> {
    const published = new Set(this.published);
    for (const w of this.written) if (!published.has(w.finalPath)) await unlink(w.tempPath).catch(() => undefined);
    for (const p of this.published) await unlink(p).catch(() => undefined);
    this.written.length = 0;
    this.published.length = 0;
  }

  private assertOpen(): void {
    if (this.state !== 'open') throw new BeamstackError(ErrorCodes.OUTPUT, `writer session is ${this.state}`, { stage: STAGE_ID });
  }
}
