import { link, rename, unlink } from 'node:fs/promises';
import { BeamstackError, ErrorCodes, type ErrorContext } from '@beamstack/contract';
import { exists } from './exists.js';

/** Errors of link() that mean "this file system has no hard links here", not "the name is taken". */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'ENOSYS']);

/**
 * Gives a finished file its final name without ever replacing an existing file: a hard link
 * fails when the name is taken; where hard links are unsupported, check and rename. Failures are
 * BeamstackError(OUTPUT) naming `finalPath`; `where` adds to their context (the stage).
 */
export async function publishWithoutReplacing(tempPath: string, finalPath: string, where: ErrorContext = {}): Promise<void> {
  const context = { ...where, file: finalPath };
  const taken = (): BeamstackError => new BeamstackError(ErrorCodes.OUTPUT, `${finalPath} already exists; not replacing it`, context);
  const failed = (cause: unknown): BeamstackError =>
    new BeamstackError(ErrorCodes.OUTPUT, `cannot rename to ${finalPath}: ${(cause as Error).message}`, context, { cause });
  try {
    await link(tempPath, finalPath);
    await unlink(tempPath);
    return;
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw taken();
    if (code === undefined || !NO_HARD_LINKS.has(code)) throw failed(cause);
  }
  if (await exists(finalPath)) throw taken();
  try {
    await rename(tempPath, finalPath);
  } catch (cause) {
    throw failed(cause);
  }
}
