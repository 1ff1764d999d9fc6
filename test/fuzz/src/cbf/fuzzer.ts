import { ErrorCodes, isBeamstackError, type DatasetMeta, type PixelArray } from '@beamstack/contract';
import { SeededRandom, hashString, mixSeed } from '@beamstack/testkit';
import { errorRecord, iterate, type FuzzFinding, type StepOutcome } from '../iterate.js';
import { mutate } from '../mutate.js';
import type { SliceOptions } from '../slice.js';
import type { CbfCorpus, CbfSeed } from './corpus.js';

/** The source's first-file path (readCbfFile of @beamstack/source-cbf): parse, MD5, decode, describe. */
export type CbfReader = (
  bytes: Uint8Array,
  file: string,
  options: { readonly verify?: boolean },
) => { readonly pixels: PixelArray; readonly meta: DatasetMeta; readonly parsed: { readonly binary: { readonly dtype: string } } };

export interface CbfCase {
  readonly iteration: number;
  readonly bytes: Uint8Array;
  readonly verify: boolean;
  readonly base: string;
  readonly trace: readonly string[] | undefined;
}

export type CbfFailure = FuzzFinding<CbfCase>;

export interface CbfCounts {
  iterations: number;
  /** Files that read to a full frame and a description. */
  ok: number;
  /** Files refused with BEAMSTACK_E_INPUT or BEAMSTACK_E_DECODE naming the file. */
  refused: number;
  failures: number;
  ms: number;
}

/** The name every input is read under; errors must name it. */
export const FUZZ_FILE = 'fuzz.cbf';

const NUMERIC_FIELDS = ['X-Binary-Size', 'X-Binary-ID', 'X-Binary-Number-of-Elements', 'X-Binary-Size-Fastest-Dimension', 'X-Binary-Size-Second-Dimension', 'X-Binary-Size-Padding'];
const NASTY_NUMBERS = ['0', '1', '-1', '4294967295', '4294967296', '9007199254740993', '1e9', '99999999999999999999', '', ' 7', '0x10', '2147483648', '268435457'];
const PILATUS_KEYS = ['Pixel_size', 'Wavelength', 'Detector_distance', 'Beam_xy', 'Exposure_period', 'Start_angle', 'Angle_increment', 'Count_cutoff', 'Exposure_time', 'Threshold_setting'];

/**
 * Header-aware mutations: a MIME number set to a hostile value, the element type or compression
 * changed, a header line deleted or repeated, a Pilatus value replaced by garbage. The bytes after
 * the text header are kept.
 */
function mutateHeader(bytes: Uint8Array, rng: SeededRandom, trace: string[] | undefined): Uint8Array {
  const all = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const marker = all.indexOf(Buffer.from([0x0c, 0x1a, 0x04, 0xd5]));
  const end = marker < 0 ? Math.min(all.length, 8192) : marker;
  let head = all.toString('latin1', 0, end);
  const kind = rng.int(6);
  if (kind === 0) {
    const field = rng.pick(NUMERIC_FIELDS);
    const nasty = rng.chance(0.5) ? rng.pick(NASTY_NUMBERS) : String(rng.int(1 << 20));
    head = head.replace(new RegExp(`${field}: [^\\r\\n]*`), `${field}: ${nasty}`);
    trace?.push(`${field}: ${JSON.stringify(nasty)}`);
  } else if (kind === 1) {
    const type = rng.pick(['"unsigned 16-bit integer"', '"signed 8-bit integer"', '"unsigned 32-bit integer"', '"signed 64-bit integer"', '"signed 32-bit real IEEE"', 'int32']);
    head = head.replace(/X-Binary-Element-Type: [^\r\n]*/, `X-Binary-Element-Type: ${type}`);
    trace?.push(`element type ${type}`);
  } else if (kind === 2 || kind === 3) {
    const lines = head.split('\n');
    const at = rng.int(lines.length);
    if (kind === 2) lines.splice(at, 1);
    else lines.splice(at, 0, lines[at]!);
    head = lines.join('\n');
    trace?.push(`${kind === 2 ? 'delete' : 'repeat'} header line ${at}`);
  } else if (kind === 4) {
    const key = rng.pick(PILATUS_KEYS);
    const garbage = rng.pick(['', 'x', 'NaN m', '(1,', '1e999 m x 1 m', '-0', '()', '0 A']);
    head = head.replace(new RegExp(`# ${key}[ :=][^\\r\\n]*`), `# ${key} ${garbage}`);
    trace?.push(`# ${key} ${JSON.stringify(garbage)}`);
  } else {
    head = head.replace(rng.chance(0.5) ? /conversions="[^"]*"/ : /Content-MD5: [^\r\n]*\r?\n/, rng.chance(0.5) ? 'conversions="x-CBF_PACKED"' : '');
    trace?.push('compression or MD5 line changed');
  }
  const out = new Uint8Array(head.length + (all.length - end));
  out.set(Buffer.from(head, 'latin1'));
  out.set(bytes.subarray(end), head.length);
  return out;
}

/** Picks seed files by weight. */
function pick(corpus: CbfCorpus, rng: SeededRandom): CbfSeed {
  const total = corpus.files.reduce((n, f) => n + f.weight, 0);
  let target = rng.float() * total;
  for (const f of corpus.files) if ((target -= f.weight) < 0) return f;
  return corpus.files[corpus.files.length - 1]!;
}

/** The input of one iteration: a pure function of (corpus, seed, iteration), so any can be rebuilt. */
export function cbfCase(corpus: CbfCorpus, seed: number, iteration: number, withTrace = false): CbfCase {
  const rng = new SeededRandom(mixSeed(seed, hashString('cbf'), iteration));
  const base = pick(corpus, rng);
  const trace = withTrace ? [`start from ${base.label} (${base.bytes.length} bytes)`] : undefined;
  let bytes = base.bytes;
  const plan = rng.int(3);
  if (plan !== 1) bytes = mutateHeader(bytes, rng, trace);
  if (plan !== 0) bytes = mutate(bytes, rng, { other: () => pick(corpus, rng).bytes, trace });
  const verify = !rng.chance(0.1);
  if (!verify) trace?.push('read with verify: false');
  return { iteration, bytes: bytes === base.bytes ? bytes.slice() : bytes, verify, base: base.label, trace };
}

type Outcome = { kind: 'ok' } | { kind: 'refused' } | { kind: 'failure'; problem: string; error?: unknown };

function judge(read: CbfReader, input: CbfCase): Outcome {
  try {
    const r = read(input.bytes, FUZZ_FILE, { verify: input.verify });
    const [h, w] = r.meta.shape;
    if (r.pixels.length !== h * w) return { kind: 'failure', problem: `read ${r.pixels.length} pixels for a ${w}x${h} frame` };
    if (r.meta.dtype !== r.parsed.binary.dtype) return { kind: 'failure', problem: `description says ${r.meta.dtype}, the file ${r.parsed.binary.dtype}` };
    if (r.meta.detector.pixelMask && r.meta.detector.pixelMask.length !== h * w) return { kind: 'failure', problem: 'pixel mask of the wrong size' };
    return { kind: 'ok' };
  } catch (error) {
    if (!isBeamstackError(error)) return { kind: 'failure', problem: `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)} instead of a BeamstackError`, error };
    if (error.code !== ErrorCodes.INPUT && error.code !== ErrorCodes.DECODE) return { kind: 'failure', problem: `threw ${error.code} instead of INPUT or DECODE: ${error.message}`, error };
    if (error.context.file !== FUZZ_FILE) return { kind: 'failure', problem: `the ${error.code} error does not name the file: ${error.message}`, error };
    return { kind: 'refused' };
  }
}

/** Live counters: see Counter (refused = INPUT/DECODE refusals). */
export type CbfFuzzOptions = SliceOptions<CbfFailure>;

/**
 * Feeds mutated CBF files through the source's reading path and checks every outcome: a full
 * frame and a description, or INPUT/DECODE naming the file. Anything else (another exception, a
 * wrong size, a read slower than `hangMs` twice) is a failure with its rebuilt input.
 */
export function fuzzCbf(read: CbfReader, corpus: CbfCorpus, options: CbfFuzzOptions): CbfCounts {
  const counts = iterate(options, (i): StepOutcome<CbfFailure> => {
    const input = cbfCase(corpus, options.seed, i);
    let t0 = performance.now();
    let outcome = judge(read, input);
    let ms = performance.now() - t0;
    if (ms > options.hangMs) {
      t0 = performance.now();
      outcome = judge(read, input);
      ms = Math.min(ms, performance.now() - t0);
      if (ms > options.hangMs) outcome = { kind: 'failure', problem: `reading took ${ms.toFixed(0)} ms (hang bound ${options.hangMs} ms)` };
    }
    if (outcome.kind !== 'failure') return outcome;
    const { problem, error } = outcome;
    return {
      kind: 'failure',
      failure: () => ({
        seed: options.seed,
        iteration: i,
        problem,
        signature: cbfSignature(problem),
        error: errorRecord(error),
        ms,
        input: cbfCase(corpus, options.seed, i, true),
      }),
    };
  });
  return { iterations: counts.iterations, ok: counts.ok, refused: counts.refused, failures: counts.failures, ms: counts.ms };
}

/** The problem with numbers blanked, to group failures of one kind. */
export function cbfSignature(problem: string): string {
  return problem.replace(/\d+/g, 'N').slice(0, 120);
}
