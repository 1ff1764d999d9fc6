import { readFile } from 'node:fs/promises';
import { dirname, extname, isAbsolute, relative, resolve } from 'node:path';
import { BeamstackError, ErrorCodes, type JsonObject } from '@beamstack/contract';
import { parseDocument } from 'yaml';

/** One stage line of a stack file: `- use: bin` + `with: { factor: 2 }`. */
export interface StackStageSpec {
  readonly use: string;
  readonly with: JsonObject;
}

/** A stack file after its structure has been checked (options are checked later, per stage). */
export interface StackFile {
  /** The file as the user named it, used as the prefix of every message. */
  readonly label: string;
  /** Folder relative paths in the file are resolved against. */
  readonly dir: string;
  readonly name: string;
  readonly description: string;
  readonly plugins: readonly string[];
  readonly workers: number | null;
  readonly stages: readonly StackStageSpec[];
}

const TOP_LEVEL = ['version', 'name', 'description', 'plugins', 'workers', 'stages'];

/**
 * Reads a stack file. Messages name it by `label` (default: the path relative to the current
 * folder when it lies inside it, as the user would type it).
 */
export async function readStackFile(path: string, label = displayPath(path)): Promise<StackFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new BeamstackError(ErrorCodes.STACK, `${label}: cannot read stack file: ${(cause as Error).message}`, { file: label }, { cause });
  }
  return parseStackFile(text, label, dirname(resolve(path)));
}

function displayPath(path: string): string {
  const rel = relative(process.cwd(), resolve(path));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** Parses YAML or JSON (JSON is YAML) and checks the file's structure, reporting every problem. */
export function parseStackFile(text: string, label: string, dir: string): StackFile {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((e) => {
      const at = e.linePos?.[0];
      return `${label}${at ? `:${at.line}:${at.col}` : ''}: ${e.message.split(' at line ')[0]!.split('\n')[0]}`;
    });
    throw new BeamstackError(ErrorCodes.STACK, lines.join('\n'), { file: label });
  }
  const data: unknown = doc.toJS();
  const problems: string[] = [];
  const at = (path: string, message: string): void => {
    problems.push(`${label}: ${path}: ${message}`);
  };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new BeamstackError(ErrorCodes.STACK, `${label}: must be a mapping with a 'stages' list (${extname(label) || 'YAML or JSON'})`, { file: label });
  }
  const root = data as Record<string, unknown>;
  for (const key of Object.keys(root)) {
    if (!TOP_LEVEL.includes(key)) at(key, `unknown key (known: ${TOP_LEVEL.join(', ')})`);
  }
  if (root.version !== undefined && root.version !== 1) at('version', 'must be 1 (the only stack file version so far)');
  const str = (key: string): string => {
    const v = root[key];
    if (v === undefined) return '';
    if (typeof v !== 'string') at(key, 'must be a string');
    return typeof v === 'string' ? v : '';
  };
  const name = str('name');
  const description = str('description');
  let workers: number | null = null;
  if (root.workers !== undefined) {
    if (typeof root.workers === 'number' && Number.isInteger(root.workers) && root.workers >= 1) workers = root.workers;
    else at('workers', 'must be an integer >= 1');
  }
  const plugins: string[] = [];
  if (root.plugins !== undefined) {
    if (!Array.isArray(root.plugins)) at('plugins', 'must be a list of plugin folder paths');
    else
      root.plugins.forEach((p: unknown, i) => {
        if (typeof p === 'string' && p.length > 0) plugins.push(resolve(dir, p));
        else at(`plugins[${i}]`, 'must be a path to a plugin folder');
      });
  }
  const stages: StackStageSpec[] = [];
  if (!Array.isArray(root.stages)) {
    at('stages', 'must be a list of stages, from a source to a writer');
  } else {
    if (root.stages.length < 2) at('stages', 'needs at least a source and a writer');
    root.stages.forEach((raw: unknown, i) => {
      const path = `stages[${i}]`;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        at(path, "must be a mapping like { use: <stage id>, with: { ...options } }");
        return;
      }
      const spec = raw as Record<string, unknown>;
      for (const key of Object.keys(spec)) if (key !== 'use' && key !== 'with') at(`${path}.${key}`, 'unknown key (known: use, with)');
      if (typeof spec.use !== 'string' || spec.use.length === 0) at(`${path}.use`, 'must be the id of a stage (see `beamstack plugins`)');
      const options = spec.with ?? {};
      if (typeof options !== 'object' || options === null || Array.isArray(options)) at(`${path}.with`, 'must be a mapping of options');
      stages.push({ use: typeof spec.use === 'string' ? spec.use : '', with: (options ?? {}) as JsonObject });
    });
  }
  if (problems.length > 0) {
    throw new BeamstackError(ErrorCodes.STACK, problems.join('\n'), { file: label, option: problems[0]!.split(': ')[1] ?? label });
  }
  return { label, dir, name: name || label, description, plugins, workers, stages };
}
