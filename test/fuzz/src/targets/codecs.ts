import type { CodecStage, SourceStage } from '@beamstack/contract';
import { loadRegistry, type LoadedPlugin } from '@beamstack/host';
import { hangFailure, type FuzzCounts, type FuzzFailure } from '../codec-fuzzer.js';
import type { CodecWorkerData } from '../codec-worker.js';
import { buildCorpus, sampleFrames, type FuzzCorpus } from '../corpus.js';
import { FailureKinds } from '../failure-kinds.js';
import { ProgressLine, count } from '../progress.js';
import { writeReproducer } from '../reproducer.js';
import { runSlices } from '../run-slices.js';
import { Counter } from '../slice.js';
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
  const kinds = new FailureKinds<FuzzFailure>((failure) => writeReproducer(options.outDir, 'codecs', pluginId, failure), REPRODUCERS_PER_SIGNATURE);
  const started = Date.now();
  const progress = new ProgressLine();
  const record = (failure: FuzzFailure): void => {
    totals.failures++;
    kinds.add(failure);
  };

  await runSlices<FuzzFailure, FuzzCounts>({
    workerUrl: new URL('../codec-worker.js', import.meta.url),
    iterations: options.iterations,
    seed: options.seed,
    hangMs: options.hangMs,
    deadline: options.seconds !== undefined ? started + options.seconds * 1000 : undefined,
    workerData: (slice): CodecWorkerData => ({ ...slice, entryUrl: run.plugin.entryUrl, codecId: id, corpus }),
    record,
    addCounts(counts) {
      totals.iterations += counts.iterations;
      totals.ok += counts.ok;
      totals.decodeErrors += counts.decodeErrors;
      totals.slowOnce += counts.slowOnce;
    },
    addStopped(counters, stuck, end) {
      totals.iterations += counters[Counter.Done]! + 1;
      totals.ok += counters[Counter.Ok]!;
      totals.decodeErrors += counters[Counter.Refused]!;
      totals.slowOnce += counters[Counter.SlowOnce]!;
      const failure = hangFailure(id, corpus, options.seed, stuck, end.waitedMs);
      record(end.kind === 'hang' ? failure : { ...failure, problem: `the fuzzing thread died: ${end.message}`, signature: `crash: ${end.message.slice(0, 80)}` });
    },
    tick(counters) {
      const done = totals.iterations + counters[Counter.Done]!;
      const rate = done / Math.max(0.001, (Date.now() - started) / 1000);
      progress.update(
        `fuzz codecs ${id}: ${count(done)} / ${count(options.iterations)}  ok ${count(totals.ok + counters[Counter.Ok]!)}  DECODE ${count(totals.decodeErrors + counters[Counter.Refused]!)}  failures ${count(totals.failures)}  ${count(Math.round(rate))}/s`,
      );
    },
  });
  await kinds.written();
  progress.done();
  totals.ms = Date.now() - started;
  report(id, pluginId, totals, kinds, options);
  return totals.failures === 0;
}

function report(id: string, plugin: string, totals: FuzzCounts, kinds: FailureKinds<FuzzFailure>, options: FuzzRunOptions): void {
  const rate = totals.iterations / Math.max(0.001, totals.ms / 1000);
  if (options.json) {
    const failures = [...kinds.values()].map((s) => ({ count: s.count, problem: s.example, reproducers: s.files }));
    process.stdout.write(`${JSON.stringify({ target: 'codecs', codec: id, plugin, seed: options.seed, ...totals, rate: Math.round(rate), failureKinds: failures })}\n`);
    return;
  }
  process.stdout.write(
    `fuzz codecs ${id}: ${count(totals.iterations)} iterations, ${count(totals.ok)} ok decodes, ${count(totals.decodeErrors)} DECODE errors, ` +
      `${count(totals.failures)} failures, ${count(Math.round(rate))}/s (${(totals.ms / 1000).toFixed(1)} s, seed ${options.seed}, ${plugin})` +
      (totals.slowOnce > 0 ? `; ${count(totals.slowOnce)} decode(s) slower than ${options.hangMs} ms once but not when timed again` : '') +
      '\n',
  );
  for (const s of kinds.values()) {
    process.stdout.write(`  FAILURE x${s.count}: ${s.example}\n`);
    for (const f of s.files) process.stdout.write(`    reproducer: ${f}  (replay: pnpm fuzz replay ${f})\n`);
  }
}
