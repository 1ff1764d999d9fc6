import { resolve } from 'node:path';
import type { InferOptions, OptionsSchema } from '@beamstack/contract';

/** Option schema of the `eiger` source; the host validates stack options against it. */
export const eigerOptionsSchema = {
  type: 'object',
  properties: {
    path: {
      type: 'string',
      minLength: 1,
      description:
        'A DECTRIS/NXmx master file (<prefix>_master.h5) or a lone data file; relative paths resolve against the stack file folder',
    },
    dataset: {
      type: 'string',
      pattern: '^/.*[^/]$',
      description:
        'Frames dataset for other layouts (absolute HDF5 path, e.g. /entry/data/data); links of any kind are followed. Default: /entry/data/data_NNNNNN links, else /entry/data/data',
    },
    verify: {
      type: 'boolean',
      default: false,
      description:
        'Check harder: a missing data file is an error at open (not only when its frames are read), and every chunk is decoded once on the main thread at read, so a corrupt chunk is an INPUT error naming file, dataset and frame',
    },
  },
  required: ['path'],
  additionalProperties: false,
} as const satisfies OptionsSchema;

export type EigerOptions = InferOptions<typeof eigerOptionsSchema>;

/** The input file as an absolute path (relative ones are relative to the stack file's folder). */
export function inputPath(options: EigerOptions, baseDir: string): string {
  // resolve() keeps an absolute path as it is (normalised) and joins a relative one to baseDir.
  return resolve(baseDir, options.path);
}
