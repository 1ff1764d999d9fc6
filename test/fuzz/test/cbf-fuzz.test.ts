import { resolve } from 'node:path';
import { loadRegistry } from '@beamstack/host';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCbfCorpus, pluginOf, type CbfCorpus } from '../src/cbf/corpus.js';
import { cbfCase, fuzzCbf, type CbfFailure, type CbfReader } from '../src/cbf/fuzzer.js';

/*
 * A short run of what `pnpm fuzz cbf` runs for 100,000+ files: mutated miniCBF files through the
 * cbf source's reading path. Any failure is a reader bug with a rebuildable input.
 */
const ITERATIONS = 4_000;
const SEED = 20240501;
const registry = await loadRegistry({ cwd: resolve(import.meta.dirname, '..', '..', '..'), envPath: '' });
let corpus: CbfCorpus;
let read: CbfReader;
beforeAll(async () => {
  corpus = await buildCbfCorpus(registry, SEED);
  read = ((await import(pluginOf(registry, 'cbf').entryUrl)) as { readCbfFile: CbfReader }).readCbfFile;
});

describe(`fuzz smoke: ${ITERATIONS} mutated CBF files through the cbf source`, () => {
  it('starts from our files and the fabio/CBFlib fixtures, all of which read', () => {
    expect(corpus.files.length).toBeGreaterThanOrEqual(14);
    expect(corpus.files.some((f) => f.label.includes('fabio'))).toBe(true);
    for (const f of corpus.files) expect(read(f.bytes, 'fuzz.cbf', { verify: true }).pixels.length).toBeGreaterThan(0);
  });

  it('every file reads to a full frame or is refused with INPUT/DECODE naming it', () => {
    const failures: CbfFailure[] = [];
    const counts = fuzzCbf(read, corpus, { iterations: ITERATIONS, seed: SEED, hangMs: 5000, onFailure: (f) => failures.push(f) });
    expect(failures.slice(0, 5).map((f) => `iteration ${f.iteration}: ${f.problem}\n  ${(f.input.trace ?? []).join('\n  ')}`)).toEqual([]);
    expect(counts.iterations).toBe(ITERATIONS);
    expect(counts.ok + counts.refused).toBe(ITERATIONS);
    // The mutations reach both the error paths and, often enough, a file that still reads.
    expect(counts.refused).toBeGreaterThan(ITERATIONS / 3);
    expect(counts.ok).toBeGreaterThan(ITERATIONS / 20);
  });

  it('finds a planted bug and rebuilds its input from (seed, iteration) alone', () => {
    const fragile: CbfReader = (bytes, file, options) => {
      if (bytes.length % 7 === 3) throw new RangeError('planted');
      return read(bytes, file, options);
    };
    const failures: CbfFailure[] = [];
    const counts = fuzzCbf(fragile, corpus, { iterations: 500, seed: 3, hangMs: 5000, onFailure: (f) => failures.push(f) });
    expect(counts.failures).toBeGreaterThan(0);
    expect(failures[0]!.problem).toBe('threw RangeError: planted instead of a BeamstackError');
    expect(cbfCase(corpus, 3, failures[0]!.iteration).bytes).toEqual(failures[0]!.input.bytes);
    expect(failures[0]!.input.trace!.length).toBeGreaterThan(1);
  });
});
