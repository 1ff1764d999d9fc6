import { workerData } from 'node:worker_threads';
import type { CodecStage, Stage } from '@beamstack/contract';
import { fuzzCodec } from './codec-fuzzer.js';
import type { FuzzCorpus } from './corpus.js';
import { runSliceInWorker, type SliceData } from './slice.js';

/** What the supervising thread sends: which codec to load, the corpus, and the iterations to run. */
export interface CodecWorkerData extends SliceData {
  readonly entryUrl: string;
  readonly codecId: string;
  readonly corpus: FuzzCorpus;
}

// Runs in its own thread so that a decoder stuck in a loop can be stopped without losing the run.
const data = workerData as CodecWorkerData;
const plugin = ((await import(data.entryUrl)) as { default?: { stages?: readonly Stage[] } }).default;
const codec = plugin?.stages?.find((s) => s.id === data.codecId && s.kind === 'codec') as CodecStage | undefined;
if (!codec) throw new Error(`${data.entryUrl} exports no codec '${data.codecId}'`);
runSliceInWorker(data, (options) => fuzzCodec(codec, data.corpus, options));
