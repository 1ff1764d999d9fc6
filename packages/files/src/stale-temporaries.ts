import { readdir } from 'node:fs/promises';
import { BeamstackError, ErrorCodes, type ErrorContext } from '@beamstack/contract';
import { pathIn } from './path-in.js';
import { processAlive } from './process-alive.js';
import { removeFile } from './remove.js';
import { parseTemporaryName } from './temporary-name.js';

/**
 * Deletes the temporaries in `outDir` (see temporaryName) of outputs `isOwnOutput` claims whose
 * process is gone. A temporary of a process that still runs means two runs write the same output:
 * refused with BeamstackError(OUTPUT).
 */
export async function removeStaleTemporaries(outDir: string, isOwnOutput: (finalName: string) => boolean, where: ErrorContext = {}): Promise<void> {
  for (const name of await readdir(outDir)) {
    const temp = parseTemporaryName(name);
    if (!temp || !isOwnOutput(temp.finalName)) continue;
    const path = pathIn(outDir, name, where);
    if (processAlive(temp.pid)) {
      throw new BeamstackError(ErrorCodes.OUTPUT, `${path} belongs to process ${temp.pid}, which is still running: another run is writing this output`, {
        ...where,
        file: path,
      });
    }
    await removeFile(path, where);
  }
}
