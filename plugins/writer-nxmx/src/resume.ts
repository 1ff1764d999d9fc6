import { stat } from 'node:fs/promises';
import { BeamstackError, ErrorCodes, type DatasetMeta, type Hdf5Filter, type WriterContext } from '@beamstack/contract';
import { exists, pathIn, removeFile, removeStaleTemporaries } from '@beamstack/files';
import { whyNotKept } from './check-data-file.js';
import { dataName, isOutputName, masterName } from './names.js';

const WHERE = { stage: 'nxmx' };

/** A data file of an earlier run that this run keeps as it is. */
export interface KeptDataFile {
  readonly finalName: string;
  readonly firstFrame: number;
  readonly frames: number;
  readonly bytes: number;
}

/** Frames `firstFrame …` of data file `fileNumber` (1-based) in a series of `frameCount` frames. */
export function fileSpan(fileNumber: number, framesPerFile: number, frameCount: number): { firstFrame: number; frames: number } {
  const firstFrame = (fileNumber - 1) * framesPerFile;
  return { firstFrame, frames: Math.max(0, Math.min(framesPerFile, frameCount - firstFrame)) };
}

export interface ResumeInput {
  readonly outDir: string;
  readonly prefix: string;
  readonly framesPerFile: number;
  readonly meta: DatasetMeta;
  readonly filters: readonly Hdf5Filter[];
  readonly runKey: string;
  readonly ctx: WriterContext;
}

/**
 * Prepares a folder for a resumed run and says which data files it keeps (by file number):
 * removes temporaries of killed runs of this prefix, removes the master (it is rewritten at
 * close, after all data), then keeps each data file of this run's layout that checks out and
 * deletes, with a warning, each that does not.
 */
export async function takeInventory(input: ResumeInput): Promise<Map<number, KeptDataFile>> {
  const { outDir, prefix, framesPerFile, meta, ctx } = input;
  await removeStaleTemporaries(outDir, (finalName) => isOutputName(prefix, finalName), WHERE);
  const master = pathIn(outDir, masterName(prefix), WHERE);
  if (await exists(master)) {
    await removeFile(master, WHERE);
    ctx.log.info(`resume: removed ${master}; it is written again when the run completes`);
  }

  const kept = new Map<number, KeptDataFile>();
  const fileCount = Math.ceil(meta.frameCount / framesPerFile);
  for (let k = 1; k <= fileCount; k++) {
    const finalName = dataName(prefix, k);
    const path = pathIn(outDir, finalName, WHERE);
    const size = await sizeOf(path);
    if (size === null) continue;
    const span = fileSpan(k, framesPerFile, meta.frameCount);
    const why = await whyNotKept(path, { ...span, shape: meta.shape, dtype: meta.dtype, filters: input.filters, runKey: input.runKey });
    if (why === null) {
      kept.set(k, { finalName, ...span, bytes: size });
      continue;
    }
    await removeFile(path, WHERE);
    ctx.warn(`resume: ${finalName} cannot be kept (${why}); it is written again`, { file: path, stage: 'nxmx' });
  }
  const beyond = pathIn(outDir, dataName(prefix, fileCount + 1), WHERE);
  if (await exists(beyond)) {
    ctx.warn(`resume: ${beyond} and any later data files are not part of this ${meta.frameCount}-frame run; left as they are`, { file: beyond, stage: 'nxmx' });
  }
  return kept;
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new BeamstackError(ErrorCodes.OUTPUT, `${path} exists but is not a file`, { file: path, stage: 'nxmx' });
    return s.size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
