import { basename, extname, resolve } from 'node:path';
import { BeamstackError, ErrorCodes } from '@beamstack/contract';
import type { StackStageSpec } from '../stack/stack-file.js';

/**
 * Which source stage reads a file, chosen by its name. Kept here, explicit and small, rather than
 * by asking every plugin: a user can always write a stack file naming any source.
 */
export function sourceFor(input: string, extra: { dataset?: string | undefined }): StackStageSpec {
  const path = resolve(input);
  const ext = extname(path).toLowerCase();
  if (ext === '.h5' || ext === '.hdf5' || ext === '.nxs' || ext === '.hdf') {
    return { use: 'eiger', with: { path, ...(extra.dataset ? { dataset: extra.dataset } : {}) } };
  }
  if (ext === '.cbf' || /#+/.test(basename(path))) return { use: 'cbf', with: { path } };
  throw new BeamstackError(ErrorCodes.USAGE, `cannot tell how to read '${input}' from its name (expected .h5/.nxs, or a .cbf file or series)`, { file: input });
}
