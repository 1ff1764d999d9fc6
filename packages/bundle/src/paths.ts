import { isAbsolute, join, relative, sep } from 'node:path';

/** Longest relative path (characters) and deepest folder nesting a bundle may use. */
export const MAX_PATH_LENGTH = 1024;
export const MAX_PATH_SEGMENTS = 16;

/**
 * Why `path` is not a portable relative path inside a bundle, or null when it is: '/'
 * separators only, no absolute path or drive, no empty, '.' or '..' segment, no control
 * characters. Manifest paths must pass, so a manifest can never point outside its folder.
 */
export function bundlePathProblem(path: string): string | null {
  if (path.length === 0) return 'is empty';
  if (path.length > MAX_PATH_LENGTH) return `is longer than ${MAX_PATH_LENGTH} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(path)) return 'contains control characters';
  if (path.includes('\\')) return "uses '\\'; bundle paths use '/' separators";
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'is absolute; bundle paths are relative to the bundle folder';
  const segments = path.split('/');
  if (segments.length > MAX_PATH_SEGMENTS) return `has more than ${MAX_PATH_SEGMENTS} segments`;
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return "has an empty, '.' or '..' segment";
  return null;
}

/** The file system path of a bundle path. */
export function bundleFile(dir: string, path: string): string {
  return join(dir, ...path.split('/'));
}

/** The bundle path ('/' separators) of a file system path inside `dir`, or null when outside. */
export function toBundlePath(dir: string, file: string): string | null {
  const rel = relative(dir, file);
  if (rel === '' || isAbsolute(rel) || rel === '..' || rel.startsWith(`..${sep}`)) return null;
  return rel.split(sep).join('/');
}

/** Hidden temporary names writers use until a file is complete: `.name.partial-1234`. */
export function isPartialName(name: string): boolean {
  return name.startsWith('.') && /\.partial(-|$)/.test(name);
}
