import { unlink } from 'node:fs/promises';
import { BeamstackError, ErrorCodes, type ErrorContext } from '@beamstack/contract';

/** Deletes `path`; a file already gone is fine, any other failure is BeamstackError(OUTPUT). */
export async function removeFile(path: string, where: ErrorContext = {}): Promise<void> {
  try {
    await unlink(path);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new BeamstackError(ErrorCodes.OUTPUT, `cannot remove ${path}: ${(cause as Error).message}`, { ...where, file: path }, { cause });
  }
}

/** Deletes each path, one after another, ignoring every failure: for clean-ups that must not throw. */
export async function removeQuietly(paths: Iterable<string>): Promise<void> {
  for (const path of paths) await unlink(path).catch(() => undefined);
}
