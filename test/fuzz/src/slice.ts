import { parentPort } from 'node:worker_threads';

/**
 * Live counters a fuzzing loop keeps for a supervising thread (Int32 slots): the iteration
 * running now, then the iterations done, ok, refused (DECODE / INPUT errors), failures, and
 * inputs slow once but fast when timed again.
 */
export const Counter = { Current: 0, Done: 1, Ok: 2, Refused: 3, Failures: 4, SlowOnce: 5 } as const;
export const COUNTER_SLOTS = 6;

/** How a fuzzing loop runs: which iterations, the hang bound, and where its findings go. */
export interface SliceOptions<F> {
  readonly iterations: number;
  readonly seed: number;
  /** A call slower than this (timed twice) is a failure ("hang"). */
  readonly hangMs: number;
  /** Index of the first iteration (to resume after a hang killed the worker). */
  readonly start?: number;
  /** Stop early at this Date.now() value. */
  readonly deadline?: number;
  /** Live counters another thread may read (COUNTER_SLOTS slots, see Counter). */
  readonly counters?: Int32Array;
  readonly onFailure?: (failure: F) => void;
}

/** What every fuzzing worker is sent besides what it loads: the iterations it runs. */
export interface SliceData {
  readonly seed: number;
  readonly hangMs: number;
  readonly start: number;
  readonly iterations: number;
  readonly deadline: number | undefined;
  readonly counters: Int32Array;
}

export type WorkerMessage<F, C> = { readonly type: 'failure'; readonly failure: F } | { readonly type: 'done'; readonly counts: C };

/**
 * In a fuzzing worker thread: runs `fuzz` over the slice `data` names, posting each failure to
 * the supervising thread as it is found and the counts at the end.
 */
export function runSliceInWorker<F, C>(data: SliceData, fuzz: (options: SliceOptions<F>) => C): void {
  const post = (message: WorkerMessage<F, C>): void => parentPort!.postMessage(message);
  const counts = fuzz({
    iterations: data.iterations,
    seed: data.seed,
    hangMs: data.hangMs,
    start: data.start,
    counters: data.counters,
    ...(data.deadline !== undefined ? { deadline: data.deadline } : {}),
    onFailure: (failure) => post({ type: 'failure', failure }),
  });
  post({ type: 'done', counts });
}
