import { Hdf5File, u64, type ChunkedDataset, type FilterSpec, type NumericType } from '@beamstack/hdf5';
import type { FrameShape } from '@beamstack/contract';
import { RUN_KEY_ATTRIBUTE } from './run-key.js';

export interface DataFileSpec {
  readonly tempPath: string;
  readonly finalName: string;
  /** 0-based series index of the file's first frame. */
  readonly firstFrame: number;
  readonly capacity: number;
  readonly dtype: NumericType;
  readonly shape: FrameShape;
  readonly filters: readonly FilterSpec[];
  readonly fillValue: number;
  /** Written as an attribute of /entry/data/data when the run is resumable (see run-key.ts). */
  readonly runKey: string | null;
}

export interface FinishedDataFile {
  readonly tempPath: string;
  readonly finalName: string;
  readonly firstFrame: number;
  readonly frames: number;
  readonly bytes: number;
}

/**
 * One DECTRIS-layout data file: /entry (NXentry) / data (NXdata) / data, chunks (1, H, W),
 * maxshape (unlimited, H, W), fill value 2^bits − 1, image_nr_low/high (uint64, 1-based,
 * inclusive) — the high number is set when the file is finished.
 */
export class DataFile {
  private frames = 0;

  private constructor(
    private readonly spec: DataFileSpec,
    private readonly file: Hdf5File,
    private readonly data: ChunkedDataset,
  ) {}

  static async create(spec: DataFileSpec): Promise<DataFile> {
    const file = await Hdf5File.create(spec.tempPath, { overwrite: true });
    file.group('/entry', { NX_class: 'NXentry' });
    file.group('/entry/data', { NX_class: 'NXdata' });
    const data = file.chunkedDataset('/entry/data/data', {
      dtype: spec.dtype,
      frameShape: spec.shape,
      filters: spec.filters,
      fillValue: spec.fillValue,
      maxFrames: spec.capacity,
      attrs: spec.runKey === null ? { image_nr_low: u64(spec.firstFrame + 1) } : { image_nr_low: u64(spec.firstFrame + 1), [RUN_KEY_ATTRIBUTE]: spec.runKey },
    });
    return new DataFile(spec, file, data);
  }

  get full(): boolean {
    return this.frames >= this.spec.capacity;
  }

  get finalName(): string {
    return this.spec.finalName;
  }

  get firstFrame(): number {
    return this.spec.firstFrame;
  }

  /** Frames stored so far. */
  get count(): number {
    return this.frames;
  }

  /** Stores the next frame's chunk (the bytes must stay unchanged until this resolves). */
  async write(bytes: Uint8Array): Promise<void> {
    await this.data.writeChunk(this.frames, bytes, 0);
    this.frames++;
  }

  async finish(): Promise<FinishedDataFile> {
    this.data.attr('image_nr_high', u64(this.spec.firstFrame + this.frames));
    const { bytes } = await this.file.close();
    return { tempPath: this.spec.tempPath, finalName: this.spec.finalName, firstFrame: this.spec.firstFrame, frames: this.frames, bytes };
  }

  /** Stops and removes the temporary file; never throws. */
  async discard(): Promise<void> {
    await this.file.abort();
  }
}
