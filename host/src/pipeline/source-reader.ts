import {
  BeamstackError,
  ErrorCodes,
  bytesPerPixel,
  pixelCount,
  type DatasetMeta,
  type Frame,
  type SourceSession,
} from '@beamstack/contract';
import type { StepStats } from '../pool/task.js';
import { frameBytes } from '../pool/task.js';
import type { Clock } from '../util/clock.js';

/**
 * Fetches the source frames a task needs on the main thread: by random access when the source
 * offers it, else by walking its sequential stream forward (skipping unselected frames). Every
 * frame is checked against the source's own description before it goes anywhere.
 */
export class SourceReader {
  private iterator: AsyncIterator<Frame> | null = null;
  private position = 0;

  constructor(
    private readonly session: SourceSession,
    private readonly slot: number,
    private readonly stats: StepStats[],
    private readonly clock: Clock,
    private readonly meta: DatasetMeta,
  ) {}

  /** Frames for these source indices (ascending), or none when the source renders in workers. */
  async read(indices: readonly number[]): Promise<Frame[]> {
    if (!this.session.read && !this.session.frames) return [];
    const started = this.clock.now();
    const frames: Frame[] = [];
    if (this.session.read) {
      for (const index of indices) frames.push(this.check(await this.session.read(index), index));
    } else {
      for (const index of indices) frames.push(this.check(await this.next(index), index));
    }
    const s = this.stats[this.slot]!;
    s.busyMs += this.clock.now() - started;
    for (const f of frames) {
      s.framesOut += 1;
      s.bytesOut += frameBytes(f);
    }
    return frames;
  }

  private async next(index: number): Promise<Frame> {
    this.iterator ??= this.session.frames!()[Symbol.asyncIterator]();
    for (;;) {
      const step = await this.iterator.next();
      if (step.done) {
        throw new BeamstackError(ErrorCodes.INPUT, `the source ended after ${this.position} frames, but its description promised ${this.meta.frameCount}`, {
          frame: this.position,
        });
      }
      const at = this.position++;
      if (at === index) return step.value;
    }
  }

  private check(frame: Frame, index: number): Frame {
    const m = this.meta;
    const problems: string[] = [];
    if (!frame || typeof frame !== 'object') throw new BeamstackError(ErrorCodes.INPUT, 'the source produced something that is not a frame', { frame: index });
    if (frame.index !== index) problems.push(`has index ${frame.index}, expected ${index}`);
    if (frame.shape?.[0] !== m.shape[0] || frame.shape?.[1] !== m.shape[1]) problems.push(`has shape ${JSON.stringify(frame.shape)}, the dataset ${JSON.stringify(m.shape)}`);
    if (frame.dtype !== m.dtype) problems.push(`has dtype ${frame.dtype}, the dataset ${m.dtype}`);
    if ((frame.pixels === undefined) === (frame.encoded === undefined)) problems.push('must have exactly one of pixels and encoded');
    if (frame.pixels && frame.pixels.byteLength !== pixelCount(m.shape) * bytesPerPixel(m.dtype)) problems.push(`has ${frame.pixels.byteLength} bytes of pixels`);
    const declared = this.session.encoding?.codec ?? null;
    const actual = frame.encoded?.codec ?? null;
    if (declared !== actual) problems.push(`is ${actual ? `encoded as ${actual}` : 'pixels'} but the source declared ${declared ?? 'pixels'}`);
    if (problems.length > 0) throw new BeamstackError(ErrorCodes.INPUT, `source frame ${index} ${problems.join('; ')}`, { frame: index });
    return frame;
  }
}
