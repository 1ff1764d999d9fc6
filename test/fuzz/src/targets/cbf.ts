import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadRegistry } from '@beamstack/host';
import { buildCbfCorpus, pluginOf, type CbfCorpus } from '../cbf/corpus.js';
import { cbfCase, type CbfCounts, type CbfFailure } from '../cbf/fuzzer.js';
import type { CbfWorkerData, CbfWorkerMessage } from '../cbf/worker.js';
import { ProgressLine, count } from '../progress.js';
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

type WorkerEnd = { kind: 'done'; counts: CbfCounts } | { kind: 'hang'; waitedMs: number } | { kind: 'crash'; message: string; waitedMs: number };

async function fuzzCbfInWorkers(plugin: string, entryUrl: string, corpus: CbfCorpus, options: FuzzRunOptions): Promise<boolean> {
  const totals: CbfCounts = { iterations: 0, ok: 0, refused: 0, failures: 0, ms: 0 };
  const kinds = new Map<string, { count: number; example: string; files: string[] }>();
  const pending: Promise<void>[] = [];
  const started = Date.now();
  const deadline = options.seconds !== undefined ? started + options.seconds * 1000 : undefined;
  const progress = new ProgressLine();
  const record = (failure: CbfFailure): void => {
    totals.failures++;
    const kind = kinds.get(failure.signature) ?? { count: 0, example: failure.problem, files: [] };
    kind.count++;
    kinds.set(failure.signature, kind);
    if (kind.files.length < REPRODUCERS_PER_SIGNATURE) pending.push(writeReproducer(options.outDir, plugin, failure).then((p) => void kind.files.push(p)));
  };

  let next = 0;
  while (next < options.iterations && (deadline === undefined || Date.now() < deadline)) {
    const counters = new Int32Array(new SharedArrayBuffer(5 * 4));
    counters[0] = next;
    const data: CbfWorkerData = { entryUrl, corpus, seed: options.seed, hangMs: options.hangMs, start: next, iterations: options.iterations - next, deadline, counters };
    const end = await supervise(data, options.hangMs, record, () => {
      const done = totals.iterations + counters[1]!;
      const rate = done / Math.max(0.001, (Date.now() - started) / 1000);
      progress.update(`fuzz cbf: ${count(done)} / ${count(options.iterations)}  ok ${count(totals.ok + counters[2]!)}  refused ${count(totals.refused + counters[3]!)}  failures ${count(totals.failures)}  ${count(Math.round(rate))}/s`);
    });
    if (end.kind === 'done') {
      totals.iterations += end.counts.iterations;
      totals.ok += end.counts.ok;
      totals.refused += end.counts.refused;
      break;
    }
    // Stopped (hang) or died (crash) at counters[0]: count what it finished, record the stuck input, go on after it.
    const stuck = Atomics.load(counters, 0);
    totals.iterations += counters[1]! + 1;
    totals.ok += counters[2]!;
    totals.refused += counters[3]!;
    const problem = end.kind === 'hang' ? `reading did not return within ${end.waitedMs} ms (stopped by the watchdog)` : `the fuzzing thread died: ${end.message}`;
    record({ seed: options.seed, iteration: stuck, problem, signature: problem.replace(/\d+/g, 'N').slice(0, 120), error: null, ms: end.waitedMs, input: cbfCase(corpus, options.seed, stuck, true) });
    if (end.kind === 'crash' && counters[1] === 0 && stuck === next) break;
    next = stuck + 1;
  }
  await Promise.all(pending);
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

/** Runs one worker to its end; a watchdog stops it when one input has been read for 5x the hang bound (at least 5 s). */
function supervise(data: CbfWorkerData, hangMs: number, onFailure: (f: CbfFailure) => void, onTick: () => void): Promise<WorkerEnd> {
  const stuckAfterMs = Math.max(5_000, hangMs * 5);
  return new Promise((resolveEnd) => {
    const worker = new Worker(new URL('../cbf/worker.js', import.meta.url), { workerData: data });
    let settled = false;
    let last = Atomics.load(data.counters, 0);
    let since = Date.now();
    const finish = (end: WorkerEnd): void => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      resolveEnd(end);
    };
    const timer = setInterval(() => {
      onTick();
      const current = Atomics.load(data.counters, 0);
      if (current !== last) {
        last = current;
        since = Date.now();
      } else if (Date.now() - since > stuckAfterMs) {
        const waitedMs = Date.now() - since;
        void worker.terminate();
        finish({ kind: 'hang', waitedMs });
      }
    }, 250);
    worker.on('message', (message: CbfWorkerMessage) => (message.type === 'failure' ? onFailure(message.failure) : finish({ kind: 'done', counts: message.counts })));
    worker.on('error', (error) => finish({ kind: 'crash', message: String(error), waitedMs: Date.now() - since }));
    worker.on('exit', (code) => finish({ kind: 'crash', message: `worker exited with code ${code} before finishing`, waitedMs: Date.now() - since }));
  });
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
