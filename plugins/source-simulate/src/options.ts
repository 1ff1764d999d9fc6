import { BeamstackError, ErrorCodes } from '@beamstack/contract';
import type { InferOptions, OptionsSchema } from '@beamstack/contract';
import { DETECTOR_NAMES } from './detectors.js';

/** Option schema of the `simulate` source. The host validates stack options against it. */
export const simulateOptionsSchema = {
  type: 'object',
  properties: {
    detector: {
      type: 'string',
      enum: DETECTOR_NAMES,
      default: 'eiger-4m',
      description: 'Detector geometry: an EIGER2 size or "small" (256 x 256, one gap cross) for fast tests',
    },
    frames: { type: 'integer', minimum: 1, maximum: 10_000_000, default: 20, description: 'Frames in the series' },
    seed: {
      type: 'integer',
      minimum: 0,
      maximum: 4_294_967_295,
      default: 1,
      description: 'Seed of every random choice: crystal, mask defects, noise',
    },
    dtype: { type: 'string', enum: ['uint32', 'uint16'], default: 'uint32', description: 'Stored pixel type' },
    startAngle: {
      type: 'number',
      minimum: -1_000_000,
      maximum: 1_000_000,
      default: 0,
      description: 'Omega at the start of the first frame (deg)',
    },
    oscillation: {
      type: 'number',
      exclusiveMinimum: 0,
      maximum: 10,
      default: 0.1,
      description: 'Omega rotation per frame (deg)',
    },
    wavelength: { type: 'number', minimum: 0.3, maximum: 3, default: 0.9762, description: 'X-ray wavelength (Å)' },
    distance: {
      type: 'number',
      minimum: 0.04,
      maximum: 2,
      default: 0.15,
      description: 'Sample to detector distance (m)',
    },
    exposure: {
      type: 'number',
      minimum: 0.000001,
      maximum: 100,
      default: 0.01,
      description: 'Frame time (s); counts scale with it',
    },
    spots: {
      type: 'number',
      minimum: 0,
      maximum: 1000,
      default: 40,
      description:
        'Spot density: mean Bragg spots per frame per megapixel in the reference setting (EIGER2 4M, 0.9762 Å, 150 mm, 0.1°). Sets the unit-cell volume; 0 = background only',
    },
  },
  additionalProperties: false,
} as const satisfies OptionsSchema;

export type SimulateOptions = InferOptions<typeof simulateOptionsSchema>;

/** Options as a caller may give them: any subset; the rest take the schema defaults. */
export type SimulateOptionsInput = Partial<{ -readonly [K in keyof SimulateOptions]: SimulateOptions[K] }>;

type PropertyName = keyof typeof simulateOptionsSchema.properties;

/**
 * Fills defaults and checks every option against the schema. The host already did this for stack
 * files; library callers (tests, fidelity checks) go through here, and so does `open`, so a plain
 * JavaScript caller cannot smuggle in a NaN or a huge frame count.
 */
export function resolveSimulateOptions(input: SimulateOptionsInput | Readonly<Record<string, unknown>> = {}): SimulateOptions {
  const given = input as Readonly<Record<string, unknown>>;
  for (const key of Object.keys(given)) {
    if (!Object.prototype.hasOwnProperty.call(simulateOptionsSchema.properties, key)) {
      throw optionError(key, `unknown option "${key}"`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(simulateOptionsSchema.properties) as PropertyName[]) {
    const schema = simulateOptionsSchema.properties[name];
    const value = given[name] === undefined ? schema.default : given[name];
    if (schema.type === 'string') {
      if (typeof value !== 'string' || !(schema.enum as readonly string[]).includes(value)) {
        throw optionError(name, `must be one of ${schema.enum.join(', ')}; got ${JSON.stringify(value)}`);
      }
    } else {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw optionError(name, `must be a finite number; got ${JSON.stringify(value)}`);
      }
      if (schema.type === 'integer' && !Number.isInteger(value)) throw optionError(name, `must be an integer; got ${value}`);
      if ('minimum' in schema && value < schema.minimum) throw optionError(name, `must be ≥ ${schema.minimum}; got ${value}`);
      if ('maximum' in schema && value > schema.maximum) throw optionError(name, `must be ≤ ${schema.maximum}; got ${value}`);
      if ('exclusiveMinimum' in schema && value <= schema.exclusiveMinimum) {
        throw optionError(name, `must be > ${schema.exclusiveMinimum}; got ${value}`);
      }
    }
    out[name] = value;
  }
  return out as SimulateOptions;
}

function optionError(name: string, message: string): BeamstackError {
  return new BeamstackError(ErrorCodes.OPTIONS, `simulate: ${name} ${message}`, { stage: 'simulate', option: name });
}

/** A stable cache key: same options in any key order give the same string. */
export function optionsKey(options: SimulateOptions): string {
  return (Object.keys(simulateOptionsSchema.properties) as PropertyName[]).map((name) => `${name}=${options[name]}`).join(';');
}
