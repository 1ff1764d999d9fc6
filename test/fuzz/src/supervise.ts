import { Worker } from 'node:worker_threads';
import { Counter, type SliceData, type WorkerMessage } from './slice.js';

/** How a fuzzing worker ended: it finished its slice, hung on one input, or died. */
export type WorkerEnd<C> = { kind: 'done'; counts: C } | { kind: 'hang'; waitedMs: number } | { kind: 'crash'; message: string; waitedMs: number };

/**
 * Runs one fuzzing worker to its end. A watchdog stops it when the same iteration has been
 * running for five times the hang bound (at least 5 s): code in an endless loop never returns, so
 * the in-thread time measurement could not report it. `onTick` runs every 250 ms (progress).
 */
export function superviseWorker<F, C>(workerUrl: URL, data: SliceData, onFailure: (failure: F) => void, onTick: () => void): Promise<WorkerEnd<C>> {
  const stuckAfterMs = Math.max(5_000, data.hangMs * 5);
  return new Promise((resolve) => {
    const worker = new Worker(workerUrl, { workerData: data });
    let settled = false;
    let last = Atomics.load(data.counters, Counter.Current);
    let since = Date.now();
    const finish = (end: WorkerEnd<C>): void => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      resolve(end);
    };
    const timer = setInterval(() => {
      onTick();
      const current = Atomics.load(data.counters, Counter.Current);
      if (current !== last) {
        last = current;
        since = Date.now();
      } else if (Date.now() - since > stuckAfterMs) {
        const waitedMs = Date.now() - since;
        void worker.terminate();
        finish({ kind: 'hang', waitedMs });
      }
    }, 250);
    worker.on('message', (message: WorkerMessage<F, C>) => {
      if (message.type === 'failure') onFailure(message.failure);
      else finish({ kind: 'done', counts: message.counts });
    });
    worker.on('error', (error) => finish({ kind: 'crash', message: String(error), waitedMs: Date.now() - since }));
    worker.on('exit', (code) => finish({ kind: 'crash', message: `worker exited with code ${code} before finishing`, waitedMs: Date.now() - since }));
  });
}
