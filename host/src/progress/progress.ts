/** Live progress of one run. */
export interface Progress {
  /** `sourceFrames` source frames are done (written or dropped), `pixelBytes` of them uncompressed. */
  update(sourceFrames: number, pixelBytes: number): void;
  done(): void;
}

export interface ProgressFactory {
  start(label: string, totalSourceFrames: number): Progress;
}

const silent: Progress = { update: () => undefined, done: () => undefined };

export const silentProgress: ProgressFactory = { start: () => silent };

/**
 * A one-line bar on a terminal: frames, MB/s of pixels and ETA, redrawn at most 10 times a
 * second. When the stream is not a terminal (CI logs, pipes) it prints nothing.
 */
export class TerminalProgress implements ProgressFactory {
  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly now: () => number = () => performance.now(),
  ) {}

  start(label: string, total: number): Progress {
    if (!this.stream.isTTY) return silent;
    const started = this.now();
    let lastDraw = -Infinity;
    let width = 0;
    const draw = (frames: number, bytes: number, final: boolean): void => {
      const t = this.now();
      if (!final && t - lastDraw < 100) return;
      lastDraw = t;
      const seconds = Math.max(1e-9, (t - started) / 1000);
      const fraction = total > 0 ? Math.min(1, frames / total) : 1;
      const cells = 24;
      const filled = Math.round(fraction * cells);
      const rate = bytes / 1e6 / seconds;
      const eta = frames > 0 && fraction < 1 ? ((seconds / frames) * (total - frames)).toFixed(0) + ' s' : '--';
      const text = `${label} [${'#'.repeat(filled)}${'.'.repeat(cells - filled)}] ${frames}/${total} frames  ${rate.toFixed(0)} MB/s  ETA ${eta}`;
      width = Math.max(width, text.length);
      this.stream.write(`\r${text.padEnd(width)}`);
    };
    return {
      update: (frames, bytes) => draw(frames, bytes, false),
      done: () => {
        this.stream.write(`\r${' '.repeat(width)}\r`);
      },
    };
  }
}
