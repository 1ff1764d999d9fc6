import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { inputError } from './errors.js';

/** One file of a series and the frame number its name carries. */
export interface SeriesFile {
  readonly path: string;
  readonly number: number;
}

/** The files of a series, ordered by frame number, and how they were found. */
export interface Series {
  readonly files: readonly SeriesFile[];
  readonly description: string;
}

const MAX_FILES = 10_000_000;

/**
 * Finds the files of a series: a template (a run of '#' in the file name stands for exactly that
 * many digits: x_######.cbf), a glob in the file name (* ? [..]; the folder must be literal), or
 * one file. The frame number of a name is its last run of digits; two files with the same number
 * are an error, and so is a glob match without a number.
 */
export async function findSeries(path: string): Promise<Series> {
  const dir = dirname(path);
  const name = basename(path);
  if (/[*?[#]/.test(dir) && !(await isFile(path))) throw inputError(`only the file name may hold wildcards or '#', not the folder: ${path}`, { file: path, option: 'path' });
  const template = /#+/.exec(name);
  if (template) {
    if (/#/.test(name.slice(template.index + template[0].length))) throw inputError(`template ${name} has more than one run of '#'`, { file: path, option: 'path' });
    const head = name.slice(0, template.index);
    const tail = name.slice(template.index + template[0].length);
    const pattern = new RegExp(`^${escapeRegex(head)}(\\d{${template[0].length}})${escapeRegex(tail)}$`);
    const files = (await listDir(dir, path)).flatMap((entry) => {
      const m = pattern.exec(entry);
      return m ? [{ path: join(dir, entry), number: Number(m[1]) }] : [];
    });
    return finish(files, path, `template ${path}`);
  }
  if (/[*?[]/.test(name)) {
    const pattern = globRegex(name, path);
    const files: SeriesFile[] = [];
    for (const entry of await listDir(dir, path)) {
      if (!pattern.test(entry)) continue;
      const number = frameNumber(entry);
      if (number === null) throw inputError(`${entry} matches ${name} but has no frame number in its name`, { file: join(dir, entry), option: 'path' });
      files.push({ path: join(dir, entry), number });
    }
    return finish(files, path, `glob ${path}`);
  }
  let info;
  try {
    info = await stat(path);
  } catch {
    throw inputError(`input file ${path} does not exist`, { file: path, option: 'path' });
  }
  if (!info.isFile()) throw inputError(`input ${path} is not a file`, { file: path, option: 'path' });
  return { files: [{ path, number: frameNumber(name) ?? 1 }], description: `file ${path}` };
}

/** The last run of digits in a file name (before the extension counts too), or null. */
export function frameNumber(name: string): number | null {
  const runs = name.match(/\d+/g);
  if (!runs) return null;
  const n = Number(runs[runs.length - 1]);
  return Number.isSafeInteger(n) ? n : null;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function finish(files: SeriesFile[], path: string, description: string): Series {
  if (files.length === 0) throw inputError(`no files match ${path}`, { file: path, option: 'path' });
  if (files.length > MAX_FILES) throw inputError(`${files.length} files match ${path}; at most ${MAX_FILES} are supported`, { file: path, option: 'path' });
  files.sort((a, b) => a.number - b.number || (a.path < b.path ? -1 : 1));
  for (let k = 1; k < files.length; k++) {
    if (files[k]!.number === files[k - 1]!.number) {
      throw inputError(`${basename(files[k - 1]!.path)} and ${basename(files[k]!.path)} both carry frame number ${files[k]!.number}`, { file: files[k]!.path, option: 'path' });
    }
  }
  return { files, description: `${description} (${files.length} file${files.length === 1 ? '' : 's'})` };
}

async function listDir(dir: string, path: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => e.name);
  } catch (cause) {
    throw inputError(`cannot list ${dir}: ${(cause as Error).message}`, { file: path, option: 'path' }, cause);
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A shell-style file-name glob (* ? [abc] [a-z] [!x]) as a regular expression. */
function globRegex(glob: string, path: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) throw inputError(`unclosed [ in ${glob}`, { file: path, option: 'path' });
      let body = glob.slice(i + 1, end);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else out += escapeRegex(c);
  }
  return new RegExp(`^${out}$`);
}
