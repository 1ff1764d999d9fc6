import { basename, dirname, resolve } from 'node:path';
import { BeamstackError, ErrorCodes, type ErrorContext } from '@beamstack/contract';

/**
 * The absolute path of `name` inside `outDir`; refuses (OUTPUT) any name that would land
 * elsewhere, such as one with a separator or `..`. `where` adds to the error context (the stage).
 */
export function pathIn(outDir: string, name: string, where: ErrorContext = {}): string {
  const dir = resolve(outDir);
  const path = resolve(dir, name);
  if (dirname(path) !== dir || basename(path) !== name) {
    throw new BeamstackError(ErrorCodes.OUTPUT, `output name ${JSON.stringify(name)} would leave the output directory`, { ...where, file: path });
  }
  return path;
}
