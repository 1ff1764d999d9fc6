import type { CodecStage, DType, FrameShape, JsonObject } from '@beamstack/contract';
import { fail, type ConformanceCheck } from './check.js';
import { hostileChecks } from './hostile.js';
import { declaredDTypes, hdf5Checks, metadataChecks } from './metadata.js';
import { PIXEL_PATTERNS, type PixelPattern } from './patterns.js';
import { determinismCheck, encodeMismatchCheck, freshBufferCheck, immutabilityCheck, roundTripCheck } from './roundtrip.js';
import { defaultParams, paramVariants } from './schema.js';

export interface CodecConformanceOptions {
  /** Seed for every generated frame and corruption (default 20240501). */
  readonly seed?: number;
  /**
   * Option sets to test, as the codec receives them (complete, defaults filled in). Default:
   * the schema defaults plus one variant per boolean, enum value and small-ranged integer.
   */
  readonly params?: readonly JsonObject[];
  /** Pixel types to test; default every type the codec declares. */
  readonly dtypes?: readonly DType[];
  /** Frame shapes for round trips; default 1x1 … 256x257 (odd widths, N mod 8 ≠ 0). */
  readonly shapes?: readonly FrameShape[];
  readonly patterns?: readonly PixelPattern[];
  /** A single decode slower than this fails as a hang (default 2000 ms; frames here are tiny). */
  readonly hangMs?: number;
  /** Random corruptions per chunk in the bit-flip and random-bytes checks (default 60). */
  readonly hostileTrials?: number;
}

export const DEFAULT_SHAPES: readonly FrameShape[] = [
  [1, 1],
  [1, 2],
  [2, 3],
  [3, 5],
  [7, 9],
  [8, 8],
  [13, 17],
  [33, 31],
  [64, 64],
  [100, 131],
  [256, 257],
];

/** Shapes of the chunks the hostile-input checks corrupt: one tiny, one spanning several blocks. */
const HOSTILE_SHAPES: readonly FrameShape[] = [
  [13, 17],
  [48, 50],
];

/**
 * The conformance suite for a codec stage, as a list of named checks that any test framework can
 * run (see `describeCodecConformance` in `@beamstack/testkit/vitest`, or loop over the list with
 * node:test). Building the list runs no codec code; every problem surfaces in a check.
 */
export function codecConformance<O>(stage: CodecStage<O>, options: CodecConformanceOptions = {}): ConformanceCheck[] {
  const codec = stage as unknown as CodecStage;
  const seed = options.seed ?? 20240501;
  const hangMs = options.hangMs ?? 2000;
  const shapes = options.shapes ?? DEFAULT_SHAPES;
  const patterns = options.patterns ?? PIXEL_PATTERNS;
  const checks: ConformanceCheck[] = [...metadataChecks(codec)];

  const declared = declaredDTypes(codec);
  const dtypes = options.dtypes ?? declared;
  const undeclared = dtypes.filter((d) => !declared.includes(d));
  if (undeclared.length > 0) {
    checks.push({ name: 'tests only declared pixel types', run: () => fail(`options.dtypes lists ${undeclared.join(', ')}, which the codec does not declare`) });
  }
  const tested = dtypes.filter((d) => declared.includes(d));

  let paramSets: readonly JsonObject[];
  if (options.params) {
    paramSets = options.params;
  } else {
    const defaults = codec.options?.type === 'object' && codec.options.properties ? defaultParams(codec.options) : null;
    if (defaults === null) {
      checks.push({ name: 'has default options to test with', run: () => fail('a required option has no default: pass the option sets to test as options.params') });
      return checks;
    }
    paramSets = [defaults, ...paramVariants(codec.options, defaults)];
  }
  checks.push(...hdf5Checks(codec, tested, paramSets));

  const smallShapes = shapes.filter((s) => s[0] * s[1] <= 64 * 64);
  const freshShape: FrameShape = [37, 41];
  const trials = options.hostileTrials ?? 60;
  const [primary, ...variants] = paramSets;
  // The first option set gets everything on every dtype.
  for (const dtype of primary ? tested : []) {
    checks.push(roundTripCheck(codec, dtype, primary!, shapes, patterns, seed));
    checks.push(immutabilityCheck(codec, dtype, primary!, smallShapes, ['eiger-sparse', 'random'], seed));
    checks.push(freshBufferCheck(codec, dtype, primary!, freshShape, seed));
    checks.push(determinismCheck(codec, dtype, primary!, smallShapes.slice(-3), seed));
    checks.push(encodeMismatchCheck(codec, dtype, primary!, seed));
    checks.push(...hostileChecks(codec, dtype, primary!, HOSTILE_SHAPES, { seed, hangMs, trials }));
  }
  // Variants (another level, shuffle off, ...) change the bytes, not the handling of pixel types:
  // one dtype per element size keeps the suite quick.
  const variantTypes = options.dtypes ? tested : onePerElementSize(tested);
  const variantShapes = shapes.filter((s) => s[0] * s[1] <= 100 * 131);
  for (const params of variants) {
    for (const dtype of variantTypes) {
      checks.push(roundTripCheck(codec, dtype, params, variantShapes, patterns, seed));
      checks.push(immutabilityCheck(codec, dtype, params, smallShapes, ['eiger-sparse'], seed));
      checks.push(freshBufferCheck(codec, dtype, params, freshShape, seed));
      checks.push(determinismCheck(codec, dtype, params, smallShapes.slice(-2), seed));
      checks.push(...hostileChecks(codec, dtype, params, HOSTILE_SHAPES.slice(0, 1), { seed, hangMs, trials: Math.ceil(trials / 2) }));
    }
  }
  if (tested.length === 0) checks.push({ name: 'has pixel types to test', run: () => fail('no usable dtypes: nothing to round-trip') });
  return checks;
}

/** The unsigned type of each element size when declared, else the signed one. */
function onePerElementSize(dtypes: readonly DType[]): DType[] {
  const picks: DType[] = [];
  for (const [unsigned, signed] of [['uint8', 'int8'], ['uint16', 'int16'], ['uint32', 'int32']] as const) {
    if (dtypes.includes(unsigned)) picks.push(unsigned);
    else if (dtypes.includes(signed)) picks.push(signed);
  }
  return picks;
}
