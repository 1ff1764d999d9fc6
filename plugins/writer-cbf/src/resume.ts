import { readdir, rename, stat } from 'node:fs/promises';
import { BeamstackError, ErrorCodes, type DatasetMeta, type WriterContext } from '@beamstack/contract';
import { pathIn, removeFile, removeStaleTemporaries, temporaryName } from '@beamstack/files';
import { whyNotKept } from './check-frame-file.js';
import { frameFileName, isFrameFileName } from './names.js';
import type { CbfWriterOptions } from './options.js';
import type { PendingFile } from './session.js';
import { STAGE_ID } from './version.js';

const WHERE = { stage: STAGE_ID };

/**
 * Prepares a folder for a resumed run and returns the frames (0-based index → file size) it
 * keeps: removes temporaries of killed runs of this prefix, then keeps each frame file of this
 * run that checks out and deletes, with a warning, each that does not.
 */
export async function takeInventory(outDir: string, options: CbfWriterOptions, meta: DatasetMeta, ctx: WriterContext): Promise<Map<number, number>> {
  await removeStaleTemporaries(outDir, (finalName) => isFrameFileName(options.prefix, finalName), WHERE);
  const names = new Set(await readdir(outDir));

  const kept = new Map<number, number>();
  for (let index = 0; index < meta.frameCount; index++) {
    const name = frameFileName(options.prefix, index + 1, options.digits);
    if (!names.has(name)) continue;
    const path = pathIn(outDir, name, WHERE);
    const info = await stat(path);
    const why = info.isFile() ? await whyNotKept(path, name, index, meta) : 'not a file';
    if (why === null) {
      kept.set(index, info.size);
      continue;
    }
    if (!info.isFile()) throw new BeamstackError(ErrorCodes.OUTPUT, `${path} exists but is not a file`, { file: path, stage: STAGE_ID });
    await removeFile(path, WHERE);
    ctx.warn(`resume: ${name} cannot be kept (${why}); it is written again`, { file: path, frame: index, stage: STAGE_ID });
  }
  return kept;
}

/**
 * The first frame's file under its final name means "this series was completed". When a resumed
 * run still has frames to write, a kept first frame goes back under this run's temporary name
 * and is renamed last, at close: killed again, the folder never shows a first frame without all
 * the others.
 */
export async function holdFirstFrame(outDir: string, options: CbfWriterOptions, kept: Map<number, number>, frameCount: number): Promise<PendingFile | null> {
  const bytes = kept.get(0);
  if (bytes === undefined || kept.size >= frameCount) return null;
  const name = frameFileName(options.prefix, 1, options.digits);
  const finalPath = pathIn(outDir, name, WHERE);
  const tempPath = pathIn(outDir, temporaryName(name), WHERE);
  try {
    await rename(finalPath, tempPath);
  } catch (cause) {
    throw new BeamstackError(ErrorCodes.OUTPUT, `cannot move ${finalPath} aside: ${(cause as Error).message}`, { file: finalPath, stage: STAGE_ID }, { cause });
  }
  return { index: 0, tempPath, finalPath, bytes };
}
