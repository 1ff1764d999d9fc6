import { parentPort, workerData } from 'node:worker_threads';
import type { CbfCorpus } from './corpus.js';
import { fuzzCbf, type CbfCounts, type CbfFailure, type CbfReader } from './fuzzer.js';

/** What the supervising thread sends: where the reader is, the corpus, the iterations to run. */
export interface CbfWorkerData {
  readonly entryUrl: string;
  readonly corpus: CbfCorpus;
  readonly seed: number;
  readonly hangMs: number;
  readonly start: number;
  readonly iterations: number;
  readonly deadline: number | undefined;
  readonly counters: Int32Array;
}

export type CbfWorkerMessage = { readonly type: 'failure'; readonly failure: CbfFailure } | { readonly type: 'done'; readonly counts: CbfCounts };

// Its own thread, so a reader stuck in a loop can be stopped without losing the run.
const data = workerData as CbfWorkerData;
const module = (await import(data.entryUrl)) as { readCbfFile?: CbfReader };
if (typeof module.readCbfFile !== 'function') throw new Error(`${data.entryUrl} exports no readCbfFile`);
const post = (message: CbfWorkerMessage): void => parentPort!.postMessage(message);
const counts = fuzzCbf(module.readCbfFile, data.corpus, {
  iterations: data.iterations,
  seed: data.seed,
  hangMs: data.hangMs,
  start: data.start,
  counters: data.counters,
  ...(data.deadline !== undefined ? { deadline: data.deadline } : {}),
  onFailure: (failure) => post({ type: 'failure', failure }),
});
post({ type: 'done', counts });
