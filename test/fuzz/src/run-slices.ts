import { COUNTER_SLOTS, Counter, type SliceData } from './slice.js';
import { superviseWorker, type WorkerEnd } from './supervise.js';

/** What a target tells runSlices: its worker, what the worker loads, and how to count. */
export interface SliceRun<F, C> {
  readonly workerUrl: URL;
  readonly iterations: number;
  readonly seed: number;
  readonly hangMs: number;
  readonly deadline: number | undefined;
  /** The data for one worker: the slice plus what the worker loads (plugin, corpus …). */
  workerData(slice: SliceData): SliceData;
  /** A failure the worker found, or the stuck input of a worker that was stopped. */
  record(failure: F): void;
  /** The counts of a worker that finished its slice. */
  addCounts(counts: C): void;
  /**
   * A worker was stopped (hang) or died (crash) at iteration `stuck`: add what its counters say
   * it finished plus the stuck iteration, and record the stuck input as a failure.
   */
  addStopped(counters: Int32Array, stuck: number, end: Exclude<WorkerEnd<C>, { kind: 'done' }>): void;
  /** Every 250 ms while a worker runs, with its live counters (progress). */
  tick(counters: Int32Array): void;
}

/**
 * Runs a target's iterations in worker threads, one at a time: after a hang or a crash the next
 * worker carries on after the stuck input, until all iterations ran or the deadline passed. A
 * worker that dies before finishing its first input is not restarted (it would die again).
 */
export async function runSlices<F, C>(run: SliceRun<F, C>): Promise<void> {
  let next = 0;
  while (next < run.iterations && (run.deadline === undefined || Date.now() < run.deadline)) {
    const counters = new Int32Array(new SharedArrayBuffer(COUNTER_SLOTS * 4));
    counters[Counter.Current] = next;
    const slice: SliceData = { seed: run.seed, hangMs: run.hangMs, start: next, iterations: run.iterations - next, deadline: run.deadline, counters };
    const end = await superviseWorker<F, C>(run.workerUrl, run.workerData(slice), (f) => run.record(f), () => run.tick(counters));
    if (end.kind === 'done') {
      run.addCounts(end.counts);
      return;
    }
    const stuck = Atomics.load(counters, Counter.Current);
    run.addStopped(counters, stuck, end);
    if (end.kind === 'crash' && counters[Counter.Done] === 0 && stuck === next) return;
    next = stuck + 1;
  }
}
