import { mkdir } from 'node:fs/promises';
import {
  BeamstackError,
  ErrorCodes,
  type DatasetMeta,
  type Encoding,
  type Frame,
  type Hdf5Filter,
  type OutputFile,
  type WriterContext,
  type WriterResult,
  type WriterSession,
} from '@beamstack/contract';
import { Publication, pathIn, publishWithoutReplacing, removeQuietly, temporaryName, type PendingRename } from '@beamstack/files';
import type { NumericType } from '@beamstack/hdf5';
import { DataFile, type FinishedDataFile } from './data-file.js';
import { FrameForm } from './frame-bytes.js';
import { writeMaster, type LinkedDataFile } from './master.js';
import { dataName, masterName } from './names.js';
import type { NxmxOptions } from './options.js';
import type { KeptDataFile } from './resume.js';

export interface ResumeState {
  /** Data files of an earlier run kept as they are, by file number (1-based). */
  readonly kept: ReadonlyMap<number, KeptDataFile>;
  /** Stored in every new data file so a later resume can tell it belongs to this run. */
  readonly runKey: string;
}

export interface SessionPlan {
  readonly meta: DatasetMeta;
  readonly options: NxmxOptions;
  readonly ctx: WriterContext;
  readonly outDir: string;
  /** Pipeline the chunks went through; empty when frames arrive as pixels. */
  readonly filters: readonly Hdf5Filter[];
  readonly encoding: Encoding | null;
  readonly compression: string;
  readonly fillValue: number;
  /** Set when the run resumes (option `resume`). */
  readonly resume: ResumeState | null;
}

type State = 'open' | 'closed' | 'aborted';

interface PublishedDataFile extends LinkedDataFile {
  readonly bytes: number;
}

const WHERE = { stage: 'nxmx' };

/**
 * Writes frames into data files under temporary names; frame i goes to data file
 * ⌊i / framesPerFile⌋ + 1. close() finishes the last data file and writes the master; the master
 * always takes its final name last, so an interrupted run never leaves a complete-looking master.
 * Without resume, data files are renamed at close too and everything is removed on failure. With
 * resume, each data file is renamed as soon as it is full and stays when the run fails: the next
 * resume keeps it.
 */
export class NxmxSession implements WriterSession {
  private state: State = 'open';
  /** Lowest output index the next write may have (kept frames are skipped when it is checked). */
  private nextIndex = 0;
  private current: DataFile | null = null;
  private currentNumber = 0;
  /**
   * Finished data files not yet renamed (without resume), then the master's temporary; it also
   * remembers what a close() that later failed published (abort removes those).
   */
  private readonly finished = new Publication<FinishedDataFile & PendingRename>(WHERE);
  /** With resume: data files this session completed and renamed, by file number; they outlive a failure. */
  private readonly completed = new Map<number, PublishedDataFile>();
  /** Writes run one after another in frame order. */
  private queue: Promise<void> = Promise.resolve();
  private failure: unknown = undefined;
  private readonly form: FrameForm;
  readonly alreadyWritten?: (index: number) => boolean;

  constructor(private readonly plan: SessionPlan) {
    this.form = new FrameForm(plan.meta, plan.encoding, plan.filters, plan.ctx);
    // Only a resuming session answers: without it the host numbers frames as stored (contract 1.1).
    if (plan.resume) this.alreadyWritten = (index) => this.isKept(index);
  }

  /**
   * Checks the frame and claims its index at once, then stores it after every earlier frame:
   * overlapping calls are safe and keep their order. After a failure every later write fails.
   */
  write(frame: Frame): Promise<void> {
    try {
      this.assertOpen();
      const expected = this.skipKept(this.nextIndex);
      if (frame.index !== expected) {
        const kept = this.plan.resume ? ' (other than frames kept from an earlier run)' : '';
        throw new BeamstackError(ErrorCodes.INPUT, `frames must arrive in order without gaps${kept}: expected frame ${expected}, got ${frame.index}`, {
          frame: frame.index,
          stage: 'nxmx',
        });
      }
      const bytes = this.form.chunkOf(frame);
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
    try {
      if (this.state === 'aborted') throw new BeamstackError(ErrorCodes.OUTPUT, 'writer session was aborted', { stage: 'nxmx' });
      const fileNumber = Math.floor(index / this.plan.options.framesPerFile) + 1;
      if (this.current === null || this.currentNumber !== fileNumber) {
        await this.finishCurrent();
        await this.startFile(fileNumber);
      }
      const file = this.current!;
      if (index !== file.firstFrame + file.count) {
        throw new BeamstackError(ErrorCodes.INTERNAL, `frame ${index} would land at position ${file.count} of ${file.finalName}`, { stage: 'nxmx' });
      }
      await file.write(bytes);
      // A resumable run publishes a data file the moment it is complete, so a kill keeps it.
      if (this.plan.resume && file.full) await this.finishCurrent();
    } catch (error) {
      this.failure = withFrame(error, index);
      throw this.failure;
    }
  }

  async close(): Promise<WriterResult> {
    this.assertOpen();
    this.state = 'closed';
    try {
      await this.queue;
      if (this.failure !== undefined) throw this.failure;
      return await this.finishAll();
    } catch (error) {
      // A failed close removes what it made (published resumable data files stay: they are complete).
      await this.cleanUp();
      throw error;
    }
  }

  private async finishAll(): Promise<WriterResult> {
    const { ctx, options, meta, outDir } = this.plan;
    await this.finishCurrent();
    const dataFiles: readonly (LinkedDataFile & { bytes: number })[] = this.plan.resume ? this.seriesOfResumedRun() : [...this.finished.held];
    const frames = dataFiles.reduce((n, f) => n + f.frames, 0);
    if (frames === 0) ctx.warn('no frames were written; the master links no data', { stage: 'nxmx' });
    const master = masterName(options.prefix);
    const masterPath = pathIn(outDir, master, WHERE);
    const masterTemp = pathIn(outDir, temporaryName(master), WHERE);
    const masterResult = await writeMaster(masterTemp, {
      meta,
      frames,
      dataFiles,
      vds: options.vds,
      fillValue: this.plan.fillValue,
      compression: this.plan.compression,
      warn: (message) => ctx.warn(message, { stage: 'nxmx', file: master }),
    });
    this.finished.hold({ tempPath: masterTemp, finalPath: masterPath, finalName: master, firstFrame: 0, frames: 0, bytes: masterResult.bytes });

    // Data files first, the master last: a master only ever appears with all its data.
    await this.finished.publishAll();
    const files: OutputFile[] = dataFiles.map((f) => ({ path: pathIn(outDir, f.finalName, WHERE), bytes: f.bytes, role: 'data' }));
    files.push({ path: masterPath, bytes: masterResult.bytes, role: 'master' });
    return { files, frames };
  }

  /**
   * Kept and newly written data files in order. They must tile the series from frame 0 without
   * a hole (a hole means frames never arrived); only the end may fall short of the described count.
   */
  private seriesOfResumedRun(): PublishedDataFile[] {
    const all = new Map<number, PublishedDataFile>([...this.plan.resume!.kept, ...this.completed]);
    const ordered = [...all.entries()].sort(([a], [b]) => a - b).map(([, f]) => f);
    let next = 0;
    for (const f of ordered) {
      if (f.firstFrame !== next) {
        throw new BeamstackError(
          ErrorCodes.OUTPUT,
          `frames ${next}..${f.firstFrame - 1} were neither kept nor written; no master is written (run again with resume to complete the series)`,
          { stage: 'nxmx', file: f.finalName },
        );
      }
      next += f.frames;
    }
    return ordered;
  }

  /** Removes the files of this session that are not complete; waits for writes in flight first. Never throws. */
  async abort(reason: unknown): Promise<void> {
    void reason;
    if (this.state === 'aborted') return;
    this.state = 'aborted';
    await this.queue;
    await this.cleanUp();
  }

  /** Without resume: everything this session made. With resume: all but the published data files. */
  private async cleanUp(): Promise<void> {
    await this.current?.discard();
    this.current = null;
    await this.finished.discard();
  }

  // ------------------------------------------------------------------------------ internals

  private assertOpen(): void {
    if (this.state !== 'open') throw new BeamstackError(ErrorCodes.OUTPUT, `writer session is ${this.state}`, { stage: 'nxmx' });
  }

  private isKept(index: number): boolean {
    const resume = this.plan.resume;
    if (!resume || !Number.isInteger(index) || index < 0) return false;
    return resume.kept.has(Math.floor(index / this.plan.options.framesPerFile) + 1);
  }

  /** The first index at or after `index` that no kept data file holds. */
  private skipKept(index: number): number {
    const perFile = this.plan.options.framesPerFile;
    let next = index;
    while (this.isKept(next)) next = (Math.floor(next / perFile) + 1) * perFile;
    return next;
  }

  /** Closes the current data file: queued for renaming at close, or (resume) renamed now. */
  private async finishCurrent(): Promise<void> {
    const file = this.current;
    if (!file) return;
    this.current = null;
    let done: FinishedDataFile;
    try {
      done = await file.finish();
    } catch (error) {
      await file.discard();
      throw error;
    }
    const finalPath = pathIn(this.plan.outDir, done.finalName, WHERE);
    if (!this.plan.resume) {
      this.finished.hold({ ...done, finalPath });
      return;
    }
    try {
      await publishWithoutReplacing(done.tempPath, finalPath, WHERE);
    } catch (error) {
      await removeQuietly([done.tempPath]);
      throw error;
    }
    this.completed.set(this.currentNumber, { finalName: done.finalName, firstFrame: done.firstFrame, frames: done.frames, bytes: done.bytes });
  }

  private async startFile(fileNumber: number): Promise<void> {
    const { options, meta, outDir } = this.plan;
    const finalName = dataName(options.prefix, fileNumber);
    const tempPath = pathIn(outDir, temporaryName(finalName), WHERE);
    await mkdir(outDir, { recursive: true });
    this.current = await DataFile.create({
      tempPath,
      finalName,
      firstFrame: (fileNumber - 1) * options.framesPerFile,
      capacity: options.framesPerFile,
      dtype: meta.dtype as NumericType,
      shape: meta.shape,
      filters: this.plan.filters,
      fillValue: this.plan.fillValue,
      runKey: this.plan.resume?.runKey ?? null,
    });
    this.currentNumber = fileNumber;
  }
}

function withFrame(error: unknown, frame: number): unknown {
  if (error instanceof BeamstackError) return error.withContext({ frame, stage: 'nxmx' });
  return error;
}
