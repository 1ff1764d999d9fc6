import { open, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { removeQuietly } from './remove.js';
import { temporaryName } from './temporary-name.js';

export interface WriteAtomicallyOptions {
  /** Flush the file, and after the rename its folder, to disk: the new content survives a crash. */
  readonly durable?: boolean;
}

/**
 * Writes `data` to `path` so readers see the old file or the whole new one, never part: the data
 * go to a hidden temporary (temporaryName) in the same folder, which is then renamed over `path`.
 * On failure the temporary is removed and the file system error is thrown as it is.
 */
export async function writeAtomically(path: string, data: string | Uint8Array, options: WriteAtomicallyOptions = {}): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, temporaryName(basename(path)));
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(data);
      if (options.durable) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await removeQuietly([temp]);
    throw error;
  }
  if (options.durable) await syncFolder(dir);
}

/** Makes a rename durable; some file systems refuse to open folders, which is harmless here. */
async function syncFolder(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort only.
  }
}
