import { link, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { BeamstackError, ErrorCodes } from '@beamstack/contract';

export function masterName(prefix: string): string {
  return `${prefix}_master.h5`;
}

/** DECTRIS numbering: data_000001, data_000002, ... */
export function dataName(prefix: string, fileNumber: number): string {
  return `${prefix}_data_${String(fileNumber).padStart(6, '0')}.h5`;
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

/** True for the master and data-file names this prefix produces. */
export function isOutputName(prefix: string, name: string): boolean {
  if (name === masterName(prefix)) return true;
  const start = `${prefix}_data_`;
  return name.startsWith(start) && /^\d{6,}\.h5$/.test(name.slice(start.length));
}

/**
 * Whether process `pid` still runs (on this machine). Signal 0 only checks: ESRCH means gone;
 * EPERM means it exists under another user.
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
    throw new BeamstackError(ErrorCodes.OUTPUT, `output name ${JSON.stringify(name)} would leave the output directory`, {
      file: path,
      stage: 'nxmx',
    });
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
 * Gives a finished file its final name without replacing an existing file: a hard link fails
 * when the name is taken; where hard links are unsupported, check and rename.
 */
export async function publish(tempPath: string, finalPath: string): Promise<void> {
  try {
    await link(tempPath, finalPath);
    await unlink(tempPath);
    return;
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new BeamstackError(ErrorCodes.OUTPUT, `${finalPath} already exists; not replacing it`, { file: finalPath, stage: 'nxmx' });
    }
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV' && code !== 'ENOSYS') {
      throw new BeamstackError(ErrorCodes.OUTPUT, `cannot rename to ${finalPath}: ${(cause as Error).message}`, { file: finalPath, stage: 'nxmx' }, { cause });
    }
  }
  if (await exists(finalPath)) {
    throw new BeamstackError(ErrorCodes.OUTPUT, `${finalPath} already exists; not replacing it`, { file: finalPath, stage: 'nxmx' });
  }
  try {
    await rename(tempPath, finalPath);
  } catch (cause) {
    throw new BeamstackError(ErrorCodes.OUTPUT, `cannot rename to ${finalPath}: ${(cause as Error).message}`, { file: finalPath, stage: 'nxmx' }, { cause });
  }
}
