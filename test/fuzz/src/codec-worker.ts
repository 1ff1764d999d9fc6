import { parentPort, workerData } from 'node:worker_threads';
import type { CodecStage, Stage } from '@beamstack/contract';
import { fuzzCodec, type FuzzCounts, type FuzzFailure } from './codec-fuzzer.js';
import type { FuzzCorpus } from './corpus.js';

/** What the supervising thread sends: which codec to load, the corpus, and the iterations to run. */
export interface CodecWorkerData {
  readonly entryUrl: string;
  readonly codecId: string;
  readonly corpus: FuzzCorpus;
  readonly seed: number;
  readonly hangMs: number;
  readonly start: number;
  readonly iterations: number;
  readonly deadline: number | undefined;
  /** [current iteration, done, ok, DECODE errors, failures, slow once], read by the supervisor's watchdog. */
  readonly counters: Int32Array;
}

export type CodecWorkerMessage = { readonly type: 'failure'; readonly failure: FuzzFailure } | { readonly type: 'done'; readonly counts: FuzzCounts };

// Runs in its own thread so that a decoder stuck in a loop can be stopped without losing the run.
const data = workerData as CodecWorkerData;
const plugin = ((await import(data.entryUrl)) as { default?: { stages?: readonly Stage[] } }).default;
const codec = plugin?.stages?.find((s) => s.id === data.codecId && s.kind === 'codec') as CodecStage | undefined;
if (!codec) throw new Error(`${data.entryUrl} exports no codec '${data.codecId}'`);
const post = (message: CodecWorkerMessage): void => parentPort!.postMessage(message);
const counts = fuzzCodec(codec, data.corpus, {
  iterations: data.iterations,
  seed: data.seed,
  hangMs: data.hangMs,
  start: data.start,
  counters: data.counters,
  ...(data.deadline !== undefined ? { deadline: data.deadline } : {}),
  onFailure: (failure) => post({ type: 'failure', failure }),
});
post({ type: 'done', counts });
