import { lstat, realpath } from 'node:fs/promises';
import { hashFilesSettled } from '../hash.js';
import type { BundleManifest } from '../manifest.js';
import { bundleFile, toBundlePath } from '../paths.js';
import { reason, type Findings } from './findings.js';

export interface ListedFiles {
  /** Bundle paths that exist as regular files inside the bundle. */
  readonly present: Set<string>;
  /** Those of them with the size the manifest gives: the ones worth opening (content may still differ). */
  readonly sized: Set<string>;
}

/**
 * Presence, size and SHA-256 of every listed file. Files of the wrong size are reported here and
 * left out of `sized`, so the structural checks that follow do not report them again.
 */
export async function checkListedFiles(dir: string, manifest: BundleManifest, findings: Findings, threads: number | undefined): Promise<ListedFiles> {
  const realDir = await realpath(dir);
  const present = new Set<string>();
  const sized = new Set<string>();
  const toHash = new Map<string, { path: string; bytes: number; sha256: string }>();
  for (const entry of manifest.files) {
    const file = bundleFile(dir, entry.path);
    let info;
    try {
      info = await lstat(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      findings.add('missing', entry.path, code === 'ENOENT' || code === 'ENOTDIR' ? 'listed in the manifest but not in the bundle' : `cannot be examined: ${reason(error)}`);
      continue;
    }
    if (info.isSymbolicLink()) {
      findings.add('link', entry.path, 'is a symbolic link; a bundle holds the files themselves');
      continue;
    }
    if (!info.isFile()) {
      findings.add('missing', entry.path, 'is not a regular file');
      continue;
    }
    // A folder on the way may be a symbolic link to somewhere else.
    if (toBundlePath(realDir, await realpath(file)) === null) {
      findings.add('link', entry.path, 'lies outside the bundle folder (a folder on its path is a symbolic link)');
      continue;
    }
    present.add(entry.path);
    if (info.size !== entry.bytes) {
      findings.add('size', entry.path, `has ${info.size} bytes; the manifest says ${entry.bytes}${info.size < entry.bytes ? ' (truncated?)' : ''}`);
      continue;
    }
    sized.add(entry.path);
    toHash.set(file, entry);
  }
  const outcomes = await hashFilesSettled([...toHash.keys()], threads === undefined ? {} : { threads });
  for (const [file, entry] of toHash) {
    const outcome = outcomes.get(file);
    if (!outcome || !outcome.ok) {
      findings.add('checksum', entry.path, `cannot be read: ${outcome && !outcome.ok ? outcome.message : 'not hashed'}`);
    } else if (outcome.bytes !== entry.bytes) {
      findings.add('size', entry.path, `has ${outcome.bytes} bytes while being read; the manifest says ${entry.bytes} (changing under us?)`);
    } else if (outcome.sha256 !== entry.sha256) {
      findings.add('checksum', entry.path, `SHA-256 is ${outcome.sha256}; the manifest says ${entry.sha256}`);
    }
  }
  return { present, sized };
}
