import { Worker } from 'node:worker_threads';
import type { CodecStage, SourceStage } from '@beamstack/contract';
import { loadRegistry, type LoadedPlugin } from '@beamstack/host';
import { hangFailure, type FuzzCounts, type FuzzFailure } from '../codec-fuzzer.js';
import type { CodecWorkerData, CodecWorkerMessage } from '../codec-worker.js';
import { buildCorpus, sampleFrames, type FuzzCorpus } from '../corpus.js';
import { ProgressLine, count } from '../progress.js';
import { writeReproducer } from '../reproducer.js';
import { FuzzUsageError, type FuzzRunOptions, type FuzzTarget } from '../target.js';

/** Reproducer files written per codec and kind of failure (all are counted). */
const REPRODUCERS_PER_SIGNATURE = 5;

interface CodecRun {
  readonly codec: CodecStage;
  readonly plugin: LoadedPlugin;
}

export const codecsTarget: FuzzTarget = {
  name: 'codecs',
  summary: "mutation fuzzing of every registered codec's decoder (valid chunks of realistic frames, corrupted)",
  async run(options) {
    const registry = await loadRegistry({ plugins: options.plugins });
    const simulate = registry.find('simulate')?.stage as SourceStage | undefined;
    if (!simulate || simulate.kind !== 'source') throw new Error("the 'simulate' source is needed for realistic frames, and no loaded plugin provides it");
    const runs: CodecRun[] = registry
      .stages('codec')
      .filter((e) => options.only.length === 0 || options.only.includes(e.stage.id))
      .map((e) => ({ codec: e.stage as CodecStage, plugin: e.plugin }));
    const unknown = options.only.filter((id) => !runs.some((r) => r.codec.id === id));
    if (unknown.length > 0) throw new FuzzUsageError(`no loaded plugin provides codec ${unknown.join(', ')} (codecs: ${registry.stages('codec').map((e) => e.stage.id).join(', ') || 'none'})`);
    if (runs.length === 0) throw new Error('no codec plugins found');

    const frames = await sampleFrames(simulate);
    let clean = true;
    for (const run of runs) {
      const corpus = buildCorpus(run.codec, frames, options.seed);
      clean = (await fuzzOneCodec(run, corpus, options)) && clean;
    }
    return clean;
  },
};

/** Runs one codec's iterations in worker threads, restarting after hangs and crashes. */
async function fuzzOneCodec(run: CodecRun, corpus: FuzzCorpus, options: FuzzRunOptions): Promise<boolean> {
  const id = run.codec.id;
  const pluginId = `${run.plugin.name}@${run.plugin.version}`;
  const totals: FuzzCounts = { iterations: 0, ok: 0, decodeErrors: 0, failures: 0, slowOnce: 0, ms: 0 };
  const bySignature = new Map<string, { count: number; example: string; files: string[] }>();
  const started = Date.now();
  const deadline = options.seconds !== undefined ? started + options.seconds * 1000 : undefined;
  const progress = new ProgressLine();
  const pending: Promise<void>[] = [];

  const record = (failure: FuzzFailure): void => {
    totals.failures++;
    const entry = bySignature.get(failure.signature) ?? { count: 0, example: failure.problem, files: [] };
    entry.count++;
    bySignature.set(failure.signature, entry);
    if (entry.files.length < REPRODUCERS_PER_SIGNATURE) {
      const written = writeReproducer(options.outDir, 'codecs', pluginId, failure).then((path) => void entry.files.push(path));
      pending.push(written);
    }
  };

  let next = 0;
  while (next < options.iterations && (deadline === undefined || Date.now() < deadline)) {
    const counters = new Int32Array(new SharedArrayBuffer(6 * 4));
    counters[0] = next;
    const data: CodecWorkerData = {
      entryUrl: run.plugin.entryUrl,
      codecId: id,
      corpus,
      seed: options.seed,
      hangMs: options.hangMs,
      start: next,
      iterations: options.iterations - next,
      deadline,
      counters,
    };
    const end = await supervise(data, options, (failure) => record(failure), () => {
      const done = totals.iterations + counters[1]!;
      const rate = done / Math.max(0.001, (Date.now() - started) / 1000);
      progress.update(
        `fuzz codecs ${id}: ${count(done)} / ${count(options.iterations)}  ok ${count(totals.ok + counters[2]!)}  DECODE ${count(totals.decodeErrors + counters[3]!)}  failures ${count(totals.failures)}  ${count(Math.round(rate))}/s`,
      );
    });
    if (end.kind === 'done') {
      totals.iterations += end.counts.iterations;
      totals.ok += end.counts.ok;
      totals.decodeErrors += end.counts.decodeErrors;
      totals.slowOnce += end.counts.slowOnce;
      break;
    }
    // The thread was stopped (hang) or died (crash) at iteration counters[0]: count what it
    // finished, record the stuck input as a failure, and carry on after it.
    const stuck = Atomics.load(counters, 0);
    if (end.kind === 'crash' && counters[1] === 0 && stuck === next) {
      // The thread died before finishing one iteration: restarting would only repeat that.
      totals.iterations += 1;
      record({ ...hangFailure(id, corpus, options.seed, stuck, end.waitedMs), problem: `the fuzzing thread died: ${end.message}`, signature: `crash: ${end.message.slice(0, 80)}` });
      break;
    }
    totals.iterations += counters[1]! + 1;
    totals.ok += counters[2]!;
    totals.decodeErrors += counters[3]!;
    totals.slowOnce += counters[5]!;
    const failure = hangFailure(id, corpus, options.seed, stuck, end.waitedMs);
    record(end.kind === 'hang' ? failure : { ...failure, problem: `the fuzzing thread died: ${end.message}`, signature: `crash: ${end.message.slice(0, 80)}` });
    next = stuck + 1;
  }
  await Promise.all(pending);
  progress.done();
  totals.ms = Date.now() - started;
  report(id, pluginId, totals, bySignature, options);
  return totals.failures === 0;
}

type WorkerEnd = { kind: 'done'; counts: FuzzCounts } | { kind: 'hang'; waitedMs: number } | { kind: 'crash'; message: string; waitedMs: number };

/**
 * Runs one worker to its end. A watchdog stops it when the same iteration has been running for
 * five times the hang bound (at least 5 s): a decoder in an endless loop never returns, so the
 * in-thread time measurement could not report it.
 */
function supervise(data: CodecWorkerData, options: FuzzRunOptions, onFailure: (f: FuzzFailure) => void, onTick: () => void): Promise<WorkerEnd> {
  const stuckAfterMs = Math.max(5_000, options.hangMs * 5);
  return new Promise((resolve) => {
    const worker = new Worker(new URL('../codec-worker.js', import.meta.url), { workerData: data });
    let settled = false;
    let last = Atomics.load(data.counters, 0);
    let since = Date.now();
    const finish = (end: WorkerEnd): void => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      resolve(end);
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
    worker.on('message', (message: CodecWorkerMessage) => {
      if (message.type === 'failure') onFailure(message.failure);
      else finish({ kind: 'done', counts: message.counts });
    });
    worker.on('error', (error) => finish({ kind: 'crash', message: String(error), waitedMs: Date.now() - since }));
    worker.on('exit', (code) => finish({ kind: 'crash', message: `worker exited with code ${code} before finishing`, waitedMs: Date.now() - since }));
  });
}

function report(id: string, plugin: string, totals: FuzzCounts, bySignature: ReadonlyMap<string, { count: number; example: string; files: string[] }>, options: FuzzRunOptions): void {
  const rate = totals.iterations / Math.max(0.001, totals.ms / 1000);
  if (options.json) {
    const failures = [...bySignature.values()].map((s) => ({ count: s.count, problem: s.example, reproducers: s.files }));
    process.stdout.write(`${JSON.stringify({ target: 'codecs', codec: id, plugin, seed: options.seed, ...totals, rate: Math.round(rate), failureKinds: failures })}\n`);
    return;
  }
  process.stdout.write(
    `fuzz codecs ${id}: ${count(totals.iterations)} iterations, ${count(totals.ok)} ok decodes, ${count(totals.decodeErrors)} DECODE errors, ` +
      `${count(totals.failures)} failures, ${count(Math.round(rate))}/s (${(totals.ms / 1000).toFixed(1)} s, seed ${options.seed}, ${plugin})` +
      (totals.slowOnce > 0 ? `; ${count(totals.slowOnce)} decode(s) slower than ${options.hangMs} ms once but not when timed again` : '') +
      '\n',
  );
  for (const s of bySignature.values()) {
    process.stdout.write(`  FAILURE x${s.count}: ${s.example}\n`);
    for (const f of s.files) process.stdout.write(`    reproducer: ${f}  (replay: pnpm fuzz replay ${f})\n`);
  }
}
