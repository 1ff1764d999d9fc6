import { link, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { BeamstackError, ErrorCodes } from '@beamstack/contract';
import { STAGE_ID } from './version.js';

/** `<prefix>_000001.cbf` for frame number 1 (1-based), zero-padded to `digits`. */
export function frameFileName(prefix: string, frameNumber: number, digits: number): string {
  return `${prefix}_${String(frameNumber).padStart(digits, '0')}.cbf`;
}

/** The CIF data block name of a file: its name without ".cbf", restricted to CIF-safe characters. */
export function dataBlockName(fileName: string): string {
  return fileName.replace(/\.cbf$/, '').replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 200);
}

/** Hidden, unmistakably unfinished name used until close() renames the file. */
export function temporaryName(finalName: string): string {
  return `.${finalName}.partial-${process.pid}`;
}

const TEMPORARY = /^\.(.+)\.partial-(\d{1,10})$/;

/** The final name and writer pid behind a temporary name, or null for any other name. */
export function parseTemporaryName(name: string): { finalName: string; pid: number } | null {
  const m = TEMPORARY.exec(name);
  return m ? { finalName: m[1]!, pid: Number(m[2]) } : null;
}

/** True for the frame-file names this prefix produces (any number of digits). */
export function isFrameFileName(prefix: string, name: string): boolean {
  const start = `${prefix}_`;
  return name.startsWith(start) && /^\d+\.cbf$/.test(name.slice(start.length));
}

/**
 * Whether process `pid` still runs (on this machine). Signal 0 only checks: ESRCH means gone;
 * EPERM means it exists under another user. Our own pid counts as running.
 */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  // 0 and negative numbers would address process groups; no real pid is that large.
  if (!Number.isInteger(pid) || pid < 1 || pid > 0x7fff_ffff) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The absolute path of `name` inside `outDir`; refuses anything that would land elsewhere. */
export function pathIn(outDir: string, name: string): string {
  const dir = resolve(outDir);
  const path = resolve(dir, name);
  if (dirname(path) !== dir || basename(path) !== name) {
    throw new BeamstackError(ErrorCodes.OUTPUT, `output name ${JSON.stringify(name)} would leave the output directory`, { file: path, stage: STAGE_ID });
  }
  return path;
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Gives a finished file its final name without ever replacing an existing file: a hard link
 * fails when the name is taken; where hard links are unsupported, check and rename.
 */
export async function publish(tempPath: string, finalPath: string): Promise<void> {
  const taken = (): BeamstackError => new BeamstackError(ErrorCodes.OUTPUT, `${finalPath} already exists; not replacing it`, { file: finalPath, stage: STAGE_ID });
  try {
    await link(tempPath, finalPath);
    await unlink(tempPath);
    return;
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw taken();
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV' && code !== 'ENOSYS') {
      throw new BeamstackError(ErrorCodes.OUTPUT, `cannot rename to ${finalPath}: ${(cause as Error).message}`, { file: finalPath, stage: STAGE_ID }, { cause });
    }
  }
  if (await exists(finalPath)) throw taken();
  try {
    await rename(tempPath, finalPath);
  } catch (cause) {
    throw new BeamstackError(ErrorCodes.OUTPUT, `cannot rename to ${finalPath}: ${(cause as Error).message}`, { file: finalPath, stage: STAGE_ID }, { cause });
  }
}
