import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { ChainResult, ChainTask } from './task.js';

export interface FramePoolOptions {
  /** Worker threads; default: the number of cores. */
  readonly workers?: number;
  /**
   * Tasks allowed to wait per worker beyond the ones running. The runner never submits more than
   * `capacity` tasks at once, so the pool's own queue never overflows and the source waits instead.
   */
  readonly queuePerWorker?: number;
}

/**
 * The worker pool per-frame stage work runs on. Frames go in and come back by transfer; the
 * bounded capacity is the backpressure: nothing buffers frames without limit.
 */
export class FramePool {
  readonly workers: number;
  readonly capacity: number;
  private piscina: Piscina | null = null;

  constructor(options: FramePoolOptions = {}) {
    this.workers = Math.max(1, Math.floor(options.workers ?? availableParallelism()));
    this.capacity = this.workers * (1 + Math.max(0, options.queuePerWorker ?? 1));
  }

  run(task: ChainTask, transferList: ArrayBuffer[]): Promise<ChainResult> {
    return this.pool().run(task, { transferList }) as Promise<ChainResult>;
  }

  /** Threads started so far (for diagnostics). */
  get threadCount(): number {
    return this.piscina?.threads.length ?? 0;
  }

  async destroy(): Promise<void> {
    const pool = this.piscina;
    this.piscina = null;
    if (pool) await pool.destroy();
  }

  private pool(): Piscina {
    if (!this.piscina) {
      this.piscina = new Piscina({
        filename: new URL('./worker.js', import.meta.url).href,
        minThreads: this.workers,
        maxThreads: this.workers,
        // The runner keeps at most `capacity` tasks in flight, so this queue can never overflow;
        // the margin covers the moment between a task settling and its thread counting as free.
        maxQueue: this.capacity,
        concurrentTasksPerWorker: 1,
        idleTimeout: 30_000,
      });
    }
    return this.piscina;
  }
}
