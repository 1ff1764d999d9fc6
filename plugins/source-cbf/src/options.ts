import { resolve } from 'node:path';
import type { InferOptions, OptionsSchema } from '@beamstack/contract';

/** Option schema of the `cbf` source; the host validates stack options against it. */
export const cbfSourceOptionsSchema = {
  type: 'object',
  properties: {
    path: {
      type: 'string',
      minLength: 1,
      description:
        'One .cbf file, a template with a run of # for the frame number (data/x_######.cbf) or a glob in the file name (data/x_*.cbf); relative paths resolve against the stack file folder',
    },
    verify: {
      type: 'boolean',
      default: true,
      description:
        'Check every file\'s Content-MD5 (in the worker threads, as part of decoding); a mismatch is an INPUT error naming the file. false: checked on the main thread and reported as a warning only',
    },
    checksums: {
      type: 'boolean',
      default: false,
      description: 'Record the SHA-256 of every input file in the provenance (reads every file once more at open)',
    },
  },
  required: ['path'],
  additionalProperties: false,
} as const satisfies OptionsSchema;

export type CbfSourceOptions = InferOptions<typeof cbfSourceOptionsSchema>;

/** The path option as an absolute path (relative ones are relative to the stack file's folder). */
export function inputPath(options: CbfSourceOptions, baseDir: string): string {
  // resolve() keeps an absolute path as it is (normalised) and joins a relative one to baseDir.
  return resolve(baseDir, options.path);
}
