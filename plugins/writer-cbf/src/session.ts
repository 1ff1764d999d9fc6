import { writeFile } from 'node:fs/promises';
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
import { Publication, pathIn, publishWithoutReplacing, removeQuietly, temporaryName } from '@beamstack/files';
import { frameFileName } from './names.js';
import type { CbfWriterOptions } from './options.js';
import { prepareFrame } from './prepare.js';
import { CBF_FILE_FORM, STAGE_ID } from './version.js';

const WHERE = { stage: STAGE_ID };

/** A frame file under its temporary name. */
export interface PendingFile {
  readonly index: number;
  readonly tempPath: string;
  readonly finalPath: string;
  readonly bytes: number;
}

export interface ResumeState {
  /** Frames (0-based) an earlier run wrote and this run keeps → their file sizes. */
  readonly kept: ReadonlyMap<number, number>;
  /** The kept first frame, moved back to a temporary name until close (see resume.ts). */
  readonly heldFirst: PendingFile | null;
}

type State = 'open' | 'closed' | 'aborted';

/**
 * Writes one file per frame under a hidden temporary name. Without resume, close() gives them
 * their final names, last frame first, so an interrupted close leaves a series without its first
 * frame rather than a shorter series that looks complete, and abort() removes everything. With
 * resume, every frame but the first takes its final name as soon as it is written and stays when
 * the run fails (the next resume keeps it); the first frame is renamed last, at close.
 */
export class CbfSeriesSession implements WriterSession {
  private state: State = 'open';
  /** Lowest index the next write may have (kept frames are skipped when it is checked). */
  private nextIndex = 0;
  /**
   * Files under temporary names: all of them without resume, only the first frame with it. It
   * also remembers what a close() that later failed published (abort removes those too).
   */
  private readonly pending = new Publication<PendingFile>(WHERE);
  /** With resume: frames written and renamed already (index → size); they outlive a failure. */
  private readonly done = new Map<number, number>();
  private queue: Promise<void> = Promise.resolve();
  private failure: unknown = undefined;
  readonly alreadyWritten?: (index: number) => boolean;

  constructor(
    private readonly meta: DatasetMeta,
    private readonly options: CbfWriterOptions,
    private readonly ctx: WriterContext,
    private readonly outDir: string,
    private readonly resume: ResumeState | null = null,
  ) {
    // Only a resuming session answers: without it the host numbers frames as stored (contract 1.1).
    if (resume) {
      this.alreadyWritten = (index) => resume.kept.has(index);
      if (resume.heldFirst) this.pending.hold(resume.heldFirst);
    }
  }

  /** Claims the frame's place at once and stores it after every earlier frame. */
  write(frame: Frame): Promise<void> {
    try {
      this.assertOpen();
      let expected = this.nextIndex;
      while (this.resume?.kept.has(expected)) expected++;
      if (frame.index !== expected) {
        const kept = this.resume ? ' (other than frames kept from an earlier run)' : '';
        throw new BeamstackError(ErrorCodes.INPUT, `frames must arrive in order without gaps${kept}: expected frame ${expected}, got ${frame.index}`, {
          frame: frame.index,
          stage: STAGE_ID,
        });
      }
      // Normally `prepare` built the file in a worker; a caller without the pool gets it built here.
      const file = prepareFrame(frame, this.options, this.meta);
      const bytes = file.encoded?.codec === CBF_FILE_FORM ? file.encoded.bytes : null;
      if (!bytes) throw new BeamstackError(ErrorCodes.INTERNAL, 'prepared frame holds no CBF file', { frame: frame.index, stage: STAGE_ID });
      this.nextIndex = expected + 1;
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
    const finalPath = pathIn(this.outDir, finalName, WHERE);
    const tempPath = pathIn(this.outDir, temporaryName(finalName), WHERE);
    try {
      if (this.state === 'aborted') throw new BeamstackError(ErrorCodes.OUTPUT, 'writer session was aborted', { stage: STAGE_ID });
      // 'wx': never overwrite; a leftover temporary file of this process is a bug worth seeing.
      await writeFile(tempPath, bytes, { flag: 'wx' });
      if (this.resume && index !== 0) {
        await publishWithoutReplacing(tempPath, finalPath, WHERE);
        this.done.set(index, bytes.byteLength);
      } else {
        this.pending.hold({ index, tempPath, finalPath, bytes: bytes.byteLength });
      }
    } catch (error) {
      await removeQuietly([tempPath]);
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
      const sizes = new Map<number, number>([...(this.resume?.kept ?? []), ...this.done]);
      for (const w of this.pending.held) sizes.set(w.index, w.bytes);
      if (sizes.size === 0) this.ctx.warn('no frames were written', { stage: STAGE_ID });
      else if (sizes.size !== this.meta.frameCount) {
        this.ctx.warn(`wrote ${sizes.size} frames; the dataset described ${this.meta.frameCount}`, { stage: STAGE_ID });
      }
      // Last frame first: the first frame's name appears only when all others have theirs.
      await this.pending.publishAll('lastFirst');
      const files: OutputFile[] = [...sizes.entries()]
        .sort(([a], [b]) => a - b)
        .map(([index, bytes]) => ({ path: pathIn(this.outDir, frameFileName(this.options.prefix, index + 1, this.options.digits), WHERE), bytes, role: 'frame' }));
      return { files, frames: files.length };
    } catch (error) {
      await this.pending.discard();
      throw error;
    }
  }

  /**
   * Removes the files of this session that are not complete; waits for writes in flight first.
   * Without resume that is every file it made; with resume, frames already renamed stay. Never throws.
   */
  async abort(reason: unknown): Promise<void> {
    void reason;
    if (this.state === 'aborted') return;
    this.state = 'aborted';
    await this.queue;
    await this.pending.discard();
  }

  private assertOpen(): void {
    if (this.state !== 'open') throw new BeamstackError(ErrorCodes.OUTPUT, `writer session is ${this.state}`, { stage: STAGE_ID });
  }
}
