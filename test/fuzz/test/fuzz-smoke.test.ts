import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BeamstackError, ErrorCodes, type CodecStage, type DType, type SourceStage } from '@beamstack/contract';
import { loadRegistry } from '@beamstack/host';
import { fuzzCase, fuzzCodec, type FuzzFailure } from '../src/codec-fuzzer.js';
import { buildCorpus, sampleFrames } from '../src/corpus.js';
import type { SampleFrame } from '../src/frames.js';
import { readReproducer, writeReproducer } from '../src/reproducer.js';

/*
 * A short run of the same fuzzing function `pnpm fuzz codecs` runs for hours: every codec in the
 * workspace, 5,000 mutated chunks each. Any failure here is a decoder bug with a reproducer.
 */
const ITERATIONS = 5_000;
const SEED = 20240501;
const registry = await loadRegistry({ cwd: resolve(import.meta.dirname, '..', '..', '..'), envPath: '' });
const codecs = registry.stages('codec').map((e) => e.stage as CodecStage);

let frames: Map<DType, SampleFrame>;
beforeAll(async () => {
  frames = await sampleFrames(registry.find('simulate')!.stage as SourceStage);
});

describe(`fuzz smoke: ${ITERATIONS} mutated chunks per codec`, () => {
  it('has codecs to fuzz', () => expect(codecs.length).toBeGreaterThan(0));

  for (const codec of codecs) {
    it(`${codec.id}: every decode gives a full frame or BEAMSTACK_E_DECODE`, () => {
      const failures: FuzzFailure[] = [];
      const counts = fuzzCodec(codec, buildCorpus(codec, frames, SEED), { iterations: ITERATIONS, seed: SEED, hangMs: 5000, onFailure: (f) => failures.push(f) });
      const described = failures.slice(0, 5).map((f) => `iteration ${f.iteration}: ${f.problem}\n  ${(f.input.trace ?? []).join('\n  ')}`);
      expect(described).toEqual([]);
      expect(counts.iterations).toBe(ITERATIONS);
      expect(counts.ok + counts.decodeErrors).toBe(ITERATIONS);
      // Mutations must actually reach the decoder's error paths.
      expect(counts.decodeErrors).toBeGreaterThan(ITERATIONS / 10);
    });
  }
});

describe('the fuzzer itself', () => {
  // Strict on length, but a RangeError for odd lengths: a bug the fuzzer must find.
  const fragile: CodecStage = {
    kind: 'codec',
    id: 'fragile',
    description: 'test codec with a planted bug',
    options: { type: 'object', properties: {} },
    dtypes: ['uint16'],
    encode: (pixels) => new Uint8Array(pixels.buffer.slice(pixels.byteOffset, pixels.byteOffset + pixels.byteLength)),
    decode(bytes, info) {
      if (bytes.length % 2 === 1) throw new RangeError('planted');
      if (bytes.length !== info.shape[0] * info.shape[1] * 2) throw new BeamstackError(ErrorCodes.DECODE, 'wrong length', { codec: 'fragile' });
      return new Uint16Array(bytes.slice().buffer);
    },
  };
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'beamstack-fuzz-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('finds a planted RangeError and rebuilds the failing input from (seed, iteration) alone', () => {
    const corpus = buildCorpus(fragile, frames, 3);
    const failures: FuzzFailure[] = [];
    const counts = fuzzCodec(fragile, corpus, { iterations: 3000, seed: 3, hangMs: 5000, onFailure: (f) => failures.push(f) });
    expect(counts.failures).toBeGreaterThan(0);
    expect(failures[0]!.problem).toBe('decode threw RangeError: planted instead of a BeamstackError');
    const again = fuzzCase(corpus, 3, failures[0]!.iteration);
    expect(again.bytes).toEqual(failures[0]!.input.bytes);
    expect(again.bytes.length % 2).toBe(1);
    expect(failures[0]!.input.trace!.length).toBeGreaterThan(1);
  });

  it('is deterministic: the same seed gives the same counts', () => {
    const corpus = buildCorpus(fragile, frames, 3);
    const run = (): object => {
      const { ms: _ms, ...counts } = fuzzCodec(fragile, corpus, { iterations: 500, seed: 9, hangMs: 5000 });
      return counts;
    };
    expect(run()).toEqual(run());
  });

  it('writes a reproducer with the chunk, the codec and the frame, which reads back', async () => {
    const corpus = buildCorpus(fragile, frames, 3);
    const failures: FuzzFailure[] = [];
    fuzzCodec(fragile, corpus, { iterations: 3000, seed: 3, hangMs: 5000, onFailure: (f) => failures.push(f) });
    const path = await writeReproducer(dir, 'codecs', 'test@1.0.0', failures[0]!);
    const back = await readReproducer(path);
    expect(back).toMatchObject({ codec: 'fragile', plugin: 'test@1.0.0', seed: 3, iteration: failures[0]!.iteration, frame: failures[0]!.input.info });
    expect(back.chunk).toEqual(failures[0]!.input.bytes);
    expect(new Uint8Array(await readFile(path.replace(/\.json$/, '.bin')))).toEqual(failures[0]!.input.bytes);
  });
});
