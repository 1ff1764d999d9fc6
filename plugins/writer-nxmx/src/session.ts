import { mkdir, unlink } from 'node:fs/promises';
import {
  BeamstackError,
  ErrorCodes,
  bytesPerPixel,
  dtypeOf,
  pixelBytes,
  type DatasetMeta,
  type Encoding,
  type Frame,
  type Hdf5Filter,
  type OutputFile,
  type WriterContext,
  type WriterResult,
  type WriterSession,
} from '@beamstack/contract';
import type { NumericType } from '@beamstack/hdf5';
import { sameFilters } from './compression.js';
import { DataFile, type FinishedDataFile } from './data-file.js';
import { writeMaster } from './master.js';
import { dataName, masterName, pathIn, publish, temporaryName } from './names.js';
import type { NxmxOptions } from './options.js';

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
}

type State = 'open' | 'closed' | 'aborted';

/**
 * Writes frames into data files under temporary names, rotating every `framesPerFile` frames;
 * close() finishes the last data file, writes the master, then renames data files first and the
 * master last, so an interrupted run never leaves a complete-looking master.
 */
export class NxmxSession implements WriterSession {
  private state: State = 'open';
  private nextIndex = 0;
  private current: DataFile | null = null;
  private readonly finished: FinishedDataFile[] = [];
  /** Final paths already published by a close() that later failed (abort removes them). */
  private readonly published: string[] = [];
  private readonly paramsKey: string;
  /** Writes run one after another in frame order. */
  private queue: Promise<void> = Promise.resolve();
  private failure: unknown = undefined;
  private readonly frameBytes: number;

  constructor(private readonly plan: SessionPlan) {
    this.paramsKey = plan.encoding ? JSON.stringify(plan.encoding.params) : '';
    const [H, W] = plan.meta.shape;
    this.frameBytes = H * W * bytesPerPixel(plan.meta.dtype);
  }

  /**
   * Checks the frame and claims its index at once, then stores it after every earlier frame:
   * overlapping calls are safe and keep their order. After a failure every later write fails.
   */
  write(frame: Frame): Promise<void> {
    try {
      this.assertOpen();
      if (frame.index !== this.nextIndex) {
        throw new BeamstackError(
          ErrorCodes.INPUT,
          `frames must arrive in order without gaps: expected frame ${this.nextIndex}, got ${frame.index}`,
          { frame: frame.index, stage: 'nxmx' },
        );
      }
      const bytes = this.chunkOf(frame);
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
    try {
      if (this.state === 'aborted') throw new BeamstackError(ErrorCodes.OUTPUT, 'writer session was aborted', { stage: 'nxmx' });
      if (this.current === null || this.current.full) await this.rotate(index);
      await this.current!.write(bytes);
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
      // A failed close removes what it made, so nothing incomplete is left under final names.
      await this.cleanUp();
      throw error;
    }
  }

  private async finishAll(): Promise<WriterResult> {
    const { ctx, options, meta, outDir } = this.plan;
    if (this.current) {
      this.finished.push(await this.current.finish());
      this.current = null;
    }
    if (this.nextIndex === 0) ctx.warn('no frames were written; the master links no data', { stage: 'nxmx' });
    const master = masterName(options.prefix);
    const masterTemp = pathIn(outDir, temporaryName(master));
    const masterResult = await writeMaster(masterTemp, {
      meta,
      frames: this.nextIndex,
      dataFiles: this.finished,
      vds: options.vds,
      fillValue: this.plan.fillValue,
      compression: this.plan.compression,
      warn: (message) => ctx.warn(message, { stage: 'nxmx', file: master }),
    });
    this.finished.push({ tempPath: masterTemp, finalName: master, firstFrame: 0, frames: 0, bytes: masterResult.bytes });

    // Data files first, the master last: a master only ever appears with all its data.
    const files: OutputFile[] = [];
    for (const f of this.finished) {
      const finalPath = pathIn(outDir, f.finalName);
      await publish(f.tempPath, finalPath);
      this.published.push(finalPath);
      files.push({ path: finalPath, bytes: f.bytes, role: f.finalName === master ? 'master' : 'data' });
    }
    this.finished.length = 0;
    this.published.length = 0;
    return { files, frames: this.nextIndex };
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
    await this.current?.discard();
    this.current = null;
    for (const f of this.finished) await unlink(f.tempPath).catch(() => undefined);
    for (const p of this.published) await unlink(p).catch(() => undefined);
    this.finished.length = 0;
    this.published.length = 0;
  }

  // ------------------------------------------------------------------------------ internals

  private assertOpen(): void {
    if (this.state !== 'open') throw new BeamstackError(ErrorCodes.OUTPUT, `writer session is ${this.state}`, { stage: 'nxmx' });
  }

  /** The bytes to store for this frame, after checking it matches what open() promised. */
  private chunkOf(frame: Frame): Uint8Array {
    const { meta, encoding } = this.plan;
    const context = { frame: frame.index, stage: 'nxmx' };
    if (frame.shape[0] !== meta.shape[0] || frame.shape[1] !== meta.shape[1] || frame.dtype !== meta.dtype) {
      throw new BeamstackError(
        ErrorCodes.INPUT,
        `frame is ${frame.dtype} [${frame.shape.join(', ')}], the dataset is ${meta.dtype} [${meta.shape.join(', ')}]`,
        context,
      );
    }
    if (encoding === null) {
      const pixels = frame.pixels;
      if (!pixels) throw new BeamstackError(ErrorCodes.INPUT, 'expected pixels, got an encoded frame', context);
      if (dtypeOf(pixels) !== meta.dtype || pixels.byteLength !== this.frameBytes) {
        throw new BeamstackError(ErrorCodes.INPUT, `pixel array does not hold ${meta.shape.join('x')} ${meta.dtype} values`, context);
      }
      return pixelBytes(pixels);
    }
    const encoded = frame.encoded;
    if (!encoded) throw new BeamstackError(ErrorCodes.INPUT, `expected ${encoding.codec} chunks, got pixels`, context);
    if (encoded.codec !== encoding.codec) {
      throw new BeamstackError(ErrorCodes.INPUT, `expected ${encoding.codec} chunks, got ${encoded.codec}`, { ...context, codec: encoded.codec });
    }
    if (JSON.stringify(encoded.params) !== this.paramsKey) {
      const filters = this.plan.ctx.codecs.get(encoded.codec)?.hdf5?.filters(meta.dtype, encoded.params);
      if (!filters || !sameFilters(filters, this.plan.filters)) {
        throw new BeamstackError(ErrorCodes.INPUT, `chunk params ${JSON.stringify(encoded.params)} need a different HDF5 filter pipeline than the file has`, {
          ...context,
          codec: encoded.codec,
        });
      }
    }
    return encoded.bytes;
  }

  private async rotate(firstFrame: number): Promise<void> {
    const { options, meta, outDir } = this.plan;
    if (this.current) {
      this.finished.push(await this.current.finish());
      this.current = null;
    }
    const fileNumber = this.finished.length + 1;
    const finalName = dataName(options.prefix, fileNumber);
    const tempPath = pathIn(outDir, temporaryName(finalName));
    await mkdir(outDir, { recursive: true });
    this.current = await DataFile.create({
      tempPath,
      finalName,
      firstFrame,
      capacity: options.framesPerFile,
      dtype: meta.dtype as NumericType,
      shape: meta.shape,
      filters: this.plan.filters,
      fillValue: this.plan.fillValue,
    });
  }
}

function withFrame(error: unknown, frame: number): unknown {
  if (error instanceof BeamstackError) return error.withContext({ frame, stage: 'nxmx' });
  return error;
}
