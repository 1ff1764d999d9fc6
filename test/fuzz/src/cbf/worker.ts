import { workerData } from 'node:worker_threads';
import { runSliceInWorker, type SliceData } from '../slice.js';
import type { CbfCorpus } from './corpus.js';
import { fuzzCbf, type CbfReader } from './fuzzer.js';

/** What the supervising thread sends: where the reader is, the corpus, the iterations to run. */
export interface CbfWorkerData extends SliceData {
  readonly entryUrl: string;
  readonly corpus: CbfCorpus;
}

// Its own thread, so a reader stuck in a loop can be stopped without losing the run.
const data = workerData as CbfWorkerData;
const module = (await import(data.entryUrl)) as { readCbfFile?: CbfReader };
const read = module.readCbfFile;
if (typeof read !== 'function') throw new Error(`${data.entryUrl} exports no readCbfFile`);
runSliceInWorker(data, (options) => fuzzCbf(read, data.corpus, options));
