import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadRegistry } from '@beamstack/host';
import { buildCbfCorpus, pluginOf, type CbfCorpus } from '../cbf/corpus.js';
import { cbfCase, cbfSignature, type CbfCounts, type CbfFailure } from '../cbf/fuzzer.js';
import type { CbfWorkerData } from '../cbf/worker.js';
import { FailureKinds } from '../failure-kinds.js';
import { ProgressLine, count } from '../progress.js';
import { runSlices } from '../run-slices.js';
import { Counter } from '../slice.js';
import type { FuzzRunOptions, FuzzTarget } from '../target.js';

/** Reproducers written per kind of failure (all are counted). */
const REPRODUCERS_PER_SIGNATURE = 5;

/**
 * `pnpm fuzz cbf`: mutated miniCBF files (ours, fabio's, CBFlib's) through the cbf source's
 * reading path (readCbfFile: strict parse, Content-MD5, byte-offset decode, header → DatasetMeta),
 * in a worker thread with a watchdog for reads that never return.
 */
export const cbfTarget: FuzzTarget = {
  name: 'cbf',
  summary: 'mutation fuzzing of the CBF reader (parse, MD5, decode, header → metadata) on valid miniCBF files',
  async run(options) {
    const registry = await loadRegistry({ plugins: options.plugins });
    const source = pluginOf(registry, 'cbf');
    const corpus = await buildCbfCorpus(registry, options.seed);
    return fuzzCbfInWorkers(`${source.name}@${source.version}`, source.entryUrl, corpus, options);
  },
};

async function fuzzCbfInWorkers(plugin: string, entryUrl: string, corpus: CbfCorpus, options: FuzzRunOptions): Promise<boolean> {
  const totals: CbfCounts = { iterations: 0, ok: 0, refused: 0, failures: 0, ms: 0 };
  const kinds = new FailureKinds<CbfFailure>((failure) => writeReproducer(options.outDir, plugin, failure), REPRODUCERS_PER_SIGNATURE);
  const started = Date.now();
  const progress = new ProgressLine();
  const record = (failure: CbfFailure): void => {
    totals.failures++;
    kinds.add(failure);
  };

  await runSlices<CbfFailure, CbfCounts>({
    workerUrl: new URL('../cbf/worker.js', import.meta.url),
    iterations: options.iterations,
    seed: options.seed,
    hangMs: options.hangMs,
    deadline: options.seconds !== undefined ? started + options.seconds * 1000 : undefined,
    workerData: (slice): CbfWorkerData => ({ ...slice, entryUrl, corpus }),
    record,
    addCounts(counts) {
      totals.iterations += counts.iterations;
      totals.ok += counts.ok;
      totals.refused += counts.refused;
    },
    addStopped(counters, stuck, end) {
      totals.iterations += counters[Counter.Done]! + 1;
      totals.ok += counters[Counter.Ok]!;
      totals.refused += counters[Counter.Refused]!;
      const problem = end.kind === 'hang' ? `reading did not return within ${end.waitedMs} ms (stopped by the watchdog)` : `the fuzzing thread died: ${end.message}`;
      record({ seed: options.seed, iteration: stuck, problem, signature: cbfSignature(problem), error: null, ms: end.waitedMs, input: cbfCase(corpus, options.seed, stuck, true) });
    },
    tick(counters) {
      const done = totals.iterations + counters[Counter.Done]!;
      const rate = done / Math.max(0.001, (Date.now() - started) / 1000);
      progress.update(
        `fuzz cbf: ${count(done)} / ${count(options.iterations)}  ok ${count(totals.ok + counters[Counter.Ok]!)}  refused ${count(totals.refused + counters[Counter.Refused]!)}  failures ${count(totals.failures)}  ${count(Math.round(rate))}/s`,
      );
    },
  });
  await kinds.written();
  progress.done();
  totals.ms = Date.now() - started;
  const rate = totals.iterations / Math.max(0.001, totals.ms / 1000);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ target: 'cbf', plugin, seed: options.seed, ...totals, rate: Math.round(rate), failureKinds: [...kinds.values()].map((k) => ({ count: k.count, problem: k.example, reproducers: k.files })) })}\n`);
  } else {
    process.stdout.write(
      `fuzz cbf: ${count(totals.iterations)} files, ${count(totals.ok)} read, ${count(totals.refused)} refused (INPUT/DECODE), ${count(totals.failures)} failures, ` +
        `${count(Math.round(rate))}/s (${(totals.ms / 1000).toFixed(1)} s, seed ${options.seed}, ${plugin}, ${corpus.files.length} seed files)\n`,
    );
    for (const k of kinds.values()) {
      process.stdout.write(`  FAILURE x${k.count}: ${k.example}\n`);
      for (const f of k.files) process.stdout.write(`    reproducer: ${f}\n`);
    }
  }
  return totals.failures === 0;
}

/** `cbf-<iteration>.cbf` (the input, readable by any CBF tool) and `.json` (how it was made, what broke). */
export async function writeReproducer(dir: string, plugin: string, failure: CbfFailure): Promise<string> {
  await mkdir(dir, { recursive: true });
  const stem = join(resolve(dir), `cbf-${failure.iteration}`);
  const { bytes, ...input } = failure.input;
  await writeFile(`${stem}.cbf`, bytes);
  await writeFile(`${stem}.json`, `${JSON.stringify({ format: 'beamstack-fuzz-cbf/1', target: 'cbf', plugin, ...failure, input: { ...input, bytes: `${stem}.cbf` } }, null, 1)}\n`);
  return `${stem}.json`;
}
