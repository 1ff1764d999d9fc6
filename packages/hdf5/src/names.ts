import { utf8 } from './bytes.js';
import { invalid } from './errors.js';

/** Splits an absolute object path into link names; "/" is the root (no names). */
export function splitPath(path: string, file: string): string[] {
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw invalid(`object path must be absolute (start with "/"): ${String(path)}`, { file, dataset: String(path) });
  }
  const parts = path.split('/').filter((p) => p !== '');
  for (const p of parts) checkLinkName(p, file, path);
  return parts;
}

export function checkLinkName(name: string, file: string, path: string): void {
  if (name === '.' || name === '..' || name.includes('\0') || utf8(name).length > 0xffff) {
    throw invalid(`invalid link name ${JSON.stringify(name)} in ${path}`, { file, dataset: path });
  }
}

export function checkAttributeName(name: string, file: string, path: string): void {
  if (typeof name !== 'string' || name === '' || name.includes('\0') || utf8(name).length > 0xfffe) {
    throw invalid(`invalid attribute name ${JSON.stringify(name)}`, { file, dataset: path });
  }
}

/** Joins link names back into the canonical absolute path. */
export function joinPath(parts: readonly string[]): string {
  return '/' + parts.join('/');
}
