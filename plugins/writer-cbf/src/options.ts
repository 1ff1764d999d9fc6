import { BeamstackError, ErrorCodes, type InferOptions, type OptionsSchema } from '@beamstack/contract';
import { STAGE_ID } from './version.js';

/**
 * A plain file-name prefix: no path separators, no "..", not hidden (temporary files are the
 * hidden ones), no control characters, no blanks (CBF data block names are built from it).
 */
export const PREFIX_PATTERN = '^(?!\\.)(?!.*\\.\\.)[^/\\\\\\s\\u0000-\\u001f]+$';

export const optionsSchema = {
  type: 'object',
  properties: {
    prefix: {
      type: 'string',
      default: 'series',
      minLength: 1,
      pattern: PREFIX_PATTERN,
      description: 'Output names <prefix>_NNNNNN.cbf (a plain file-name prefix without blanks)',
    },
    digits: {
      type: 'integer',
      minimum: 1,
      maximum: 12,
      default: 6,
      description: 'Digits of the 1-based frame number in the file names (6: series_000001.cbf)',
    },
    resume: {
      type: 'boolean',
      default: false,
      description: 'Continue an interrupted run into the same folder: keep frame files that check out, write the rest; publish each file as soon as it is written',
    },
  },
  additionalProperties: false,
} as const satisfies OptionsSchema;

type DeclaredOptions = InferOptions<typeof optionsSchema>;

/**
 * Validated options. `resume` may be missing when a caller opens the stage directly with options
 * from before it existed; missing means false.
 */
export type CbfWriterOptions = Omit<DeclaredOptions, 'resume'> & { readonly resume?: boolean };

const prefixRegex = new RegExp(PREFIX_PATTERN);

/** Checks options again (the host validates the schema; this guards direct callers). */
export function checkOptions(options: CbfWriterOptions): void {
  const { prefix, digits, resume } = options;
  if (typeof prefix !== 'string' || prefix.length === 0 || prefix.length > 200 || !prefixRegex.test(prefix)) {
    throw new BeamstackError(ErrorCodes.OPTIONS, `prefix ${JSON.stringify(prefix)} must be a plain file-name prefix (no "/", no "..", no leading ".", no blanks)`, {
      option: 'prefix',
      stage: STAGE_ID,
    });
  }
  if (!Number.isInteger(digits) || digits < 1 || digits > 12) {
    throw new BeamstackError(ErrorCodes.OPTIONS, `digits must be an integer in 1..12, got ${String(digits)}`, { option: 'digits', stage: STAGE_ID });
  }
  if (resume !== undefined && typeof resume !== 'boolean') {
    throw new BeamstackError(ErrorCodes.OPTIONS, 'resume must be a boolean', { option: 'resume', stage: STAGE_ID });
  }
}
