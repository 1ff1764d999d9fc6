import type { CodecStage, DType, FrameInfo, JsonObject } from '@beamstack/contract';
import { SeededRandom, attemptDecode, hashString, mixSeed } from '@beamstack/testkit';
import type { FuzzCorpus, SeedChunk } from './corpus.js';
import { errorRecord, iterate, type FuzzFinding, type StepOutcome } from './iterate.js';
import { mutate } from './mutate.js';
import type { SliceOptions } from './slice.js';

/** One decoder input: mutated bytes, and the frame description and params they are decoded with. */
export interface FuzzCase {
  readonly iteration: number;
  readonly bytes: Uint8Array;
  readonly info: FrameInfo;
  readonly params: JsonObject;
  readonly base: SeedChunk;
  /** What was done to the base chunk (only when asked for: building it costs time). */
  readonly trace: readonly string[] | undefined;
}

export interface FuzzFailure extends FuzzFinding<FuzzCase> {
  readonly codec: string;
}

export interface FuzzCounts {
  iterations: number;
  ok: number;
  decodeErrors: number;
  failures: number;
  /** Decodes that once exceeded the hang bound but were fast when timed again (machine noise). */
  slowOnce: number;
  ms: number;
}

/** Live counters: see Counter (refused = DECODE errors). */
export type FuzzOptions = SliceOptions<FuzzFailure>;

/** Picks seed chunks by weight, so small chunks (fast decodes) get most of the iterations. */
class ChunkPicker {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(private readonly chunks: readonly SeedChunk[]) {
    let sum = 0;
    for (const chunk of chunks) this.cumulative.push((sum += chunk.weight));
    this.total = sum;
  }

  pick(rng: SeededRandom): SeedChunk {
    const target = rng.float() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return this.chunks[lo]!;
  }
}

const pickers = new WeakMap<FuzzCorpus, ChunkPicker>();

/**
 * The input of one iteration. It depends only on (corpus, seed, iteration), so any iteration can
 * be rebuilt later — for a reproducer, or after a hang killed the thread running it.
 */
export function fuzzCase(corpus: FuzzCorpus, seed: number, iteration: number, withTrace = false): FuzzCase {
  let picker = pickers.get(corpus);
  if (!picker) pickers.set(corpus, (picker = new ChunkPicker(corpus.chunks)));
  const rng = new SeededRandom(mixSeed(seed, hashString(corpus.codec), iteration));
  const base = picker.pick(rng);
  const trace = withTrace ? [`start from the valid chunk ${base.label} (${base.bytes.length} bytes)`] : undefined;
  let info = base.info;
  let bytes: Uint8Array;
  if (rng.chance(0.03)) {
    // A valid chunk decoded as a frame of another size: the decoder must notice.
    info = otherFrame(info, corpus.dtypes, rng);
    bytes = rng.chance(0.5) ? base.bytes.slice() : mutate(base.bytes, rng, { other: () => picker.pick(rng).bytes, trace });
    trace?.push(`decode as ${info.dtype} ${info.shape[0]}x${info.shape[1]}`);
  } else {
    bytes = mutate(base.bytes, rng, { other: () => picker.pick(rng).bytes, trace });
  }
  return { iteration, bytes, info, params: base.params, base, trace };
}

/** The type of the same element size and the other signedness. */
const SAME_SIZE_TYPES: Readonly<Record<DType, readonly DType[]>> = {
  uint8: ['int8'],
  int8: ['uint8'],
  uint16: ['int16'],
  int16: ['uint16'],
  uint32: ['int32'],
  int32: ['uint32'],
};

function otherFrame(info: FrameInfo, declared: readonly DType[], rng: SeededRandom): FrameInfo {
  const [h, w] = info.shape;
  const twin = SAME_SIZE_TYPES[info.dtype][0]!;
  switch (rng.int(declared.includes(twin) ? 4 : 3)) {
    case 0:
      return { ...info, shape: [h, w + 1] };
    case 1:
      return { ...info, shape: [h > 1 ? h - 1 : h + 1, w] };
    case 2:
      return { ...info, shape: [h * 2, w] };
    default:
      return { ...info, dtype: twin };
  }
}

function signatureOf(problem: string): string {
  return problem.replace(/0x[0-9a-f]+/gi, '#').replace(/\d+(\.\d+)?/g, '#').slice(0, 160);
}

/**
 * Decodes mutated valid chunks and checks every outcome against the contract: pixels of exactly
 * the frame's size, or a BeamstackError DECODE naming the codec. Anything else — another
 * exception (RangeError, TypeError …), another code, a wrong size, a modified input, a decode
 * slower than `hangMs` — is a failure, reported with its rebuilt input.
 */
export function fuzzCodec(codec: CodecStage, corpus: FuzzCorpus, options: FuzzOptions): FuzzCounts {
  const counts = iterate(options, (i): StepOutcome<FuzzFailure> => {
    const input = fuzzCase(corpus, options.seed, i);
    const outcome = attemptDecode(codec, input.bytes, input.info, input.params, { hangMs: options.hangMs, checkInputUnchanged: true });
    const slowOnce = (outcome.slowAttempts ?? 0) > 0;
    if (outcome.kind === 'ok') return { kind: 'ok', slowOnce };
    if (outcome.kind === 'decode-error') return { kind: 'refused', slowOnce };
    return {
      kind: 'failure',
      slowOnce,
      failure: () => ({
        codec: codec.id,
        seed: options.seed,
        iteration: i,
        problem: outcome.problem,
        signature: signatureOf(outcome.problem),
        error: errorRecord(outcome.error),
        ms: outcome.ms,
        input: fuzzCase(corpus, options.seed, i, true),
      }),
    };
  });
  return { iterations: counts.iterations, ok: counts.ok, decodeErrors: counts.refused, failures: counts.failures, slowOnce: counts.slowOnce, ms: counts.ms };
}

/** A hang that never returned (the watchdog stopped the thread), in the same form as other failures. */
export function hangFailure(codec: string, corpus: FuzzCorpus, seed: number, iteration: number, waitedMs: number): FuzzFailure {
  const problem = `decode did not return within ${waitedMs} ms (stopped by the watchdog)`;
  return { codec, seed, iteration, problem, signature: signatureOf(problem), error: null, ms: waitedMs, input: fuzzCase(corpus, seed, iteration, true) };
}
