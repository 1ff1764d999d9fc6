import { BeamstackError, ErrorCodes, type InferOptions } from '@beamstack/contract';

/**
 * A plain file-name prefix: no path separators, no "..", not hidden (temporary files are the
 * hidden ones), no control characters.
 */
export const PREFIX_PATTERN = '^(?!\\.)(?!.*\\.\\.)[^/\\\\\\u0000-\\u001f]+$';

export const optionsSchema = {
  type: 'object',
  properties: {
    prefix: {
      type: 'string',
      default: 'series',
      minLength: 1,
      pattern: PREFIX_PATTERN,
      description: 'Output names: <prefix>_master.h5 and <prefix>_data_NNNNNN.h5 (a plain file-name prefix).',
    },
    framesPerFile: {
      type: 'integer',
      minimum: 1,
      maximum: 1_000_000,
      default: 1000,
      description: 'Frames per data file.',
    },
    vds: {
      type: 'boolean',
      default: true,
      description: 'Also expose all frames as the virtual dataset /entry/data/data (needed by DIALS 3.12 beyond the first data file).',
    },
    resume: {
      type: 'boolean',
      default: false,
      description:
        'Continue an interrupted run into the same folder: keep data files that check out, rewrite the rest and the master; publish each data file as soon as it is complete.',
    },
  },
  additionalProperties: false,
} as const;

type DeclaredOptions = InferOptions<typeof optionsSchema>;

/**
 * Validated options. `resume` may be missing when a caller opens the stage directly with
 * options from before it existed; missing means false.
 */
export type NxmxOptions = Omit<DeclaredOptions, 'resume'> & { readonly resume?: boolean };

const prefixRegex = new RegExp(PREFIX_PATTERN);

/** Checks options again at open (the host validates the schema; this guards direct callers). */
export function checkOptions(options: NxmxOptions): void {
  const { prefix, framesPerFile, vds, resume } = options;
  if (typeof prefix !== 'string' || prefix.length === 0 || prefix.length > 200 || !prefixRegex.test(prefix)) {
    throw new BeamstackError(
      ErrorCodes.OPTIONS,
      `prefix ${JSON.stringify(prefix)} must be a plain file-name prefix (no "/", no "..", no leading ".")`,
      { option: 'prefix', stage: 'nxmx' },
    );
  }
  if (!Number.isInteger(framesPerFile) || framesPerFile < 1 || framesPerFile > 1_000_000) {
    throw new BeamstackError(ErrorCodes.OPTIONS, `framesPerFile must be an integer in 1..1000000, got ${String(framesPerFile)}`, {
      option: 'framesPerFile',
      stage: 'nxmx',
    });
  }
  if (typeof vds !== 'boolean') {
    throw new BeamstackError(ErrorCodes.OPTIONS, 'vds must be a boolean', { option: 'vds', stage: 'nxmx' });
  }
  if (resume !== undefined && typeof resume !== 'boolean') {
    throw new BeamstackError(ErrorCodes.OPTIONS, 'resume must be a boolean', { option: 'resume', stage: 'nxmx' });
  }
}
