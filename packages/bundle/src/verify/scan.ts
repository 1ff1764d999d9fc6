import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_NAME } from '../manifest.js';
import { isPartialName, MAX_PATH_SEGMENTS } from '../paths.js';
import { reason, type Findings } from './findings.js';

/** Entries examined in a bundle folder before giving up (a folder of junk must not stall verify). */
export const MAX_SCAN_ENTRIES = 1_000_000;

/**
 * Walks the bundle folder for what the manifest does not list: leftover temporaries of an
 * interrupted write ('partial') and anything else ('extra'). Symbolic links are reported, not
 * followed. With `listed` null (no readable manifest) only leftovers are reported.
 */
export async function scanUnlisted(dir: string, listed: ReadonlySet<string> | null, findings: Findings): Promise<void> {
  let seen = 0;
  const walk = async (folder: string, prefix: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      findings.add('extra', prefix || undefined, `cannot list folder: ${reason(error)}`);
      return;
    }
    for (const entry of entries) {
      if (++seen > MAX_SCAN_ENTRIES) {
        if (seen === MAX_SCAN_ENTRIES + 1) findings.add('extra', undefined, `more than ${MAX_SCAN_ENTRIES} entries in the bundle folder; stopped looking`);
        return;
      }
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (path === MANIFEST_NAME) continue;
      if (isPartialName(entry.name)) {
        findings.add('partial', path, 'leftover temporary file of an interrupted write');
      } else if (entry.isDirectory()) {
        if (depth + 1 >= MAX_PATH_SEGMENTS) findings.add('extra', path, 'folder nested too deeply; not examined');
        else await walk(join(folder, entry.name), path, depth + 1);
      } else if (listed && !listed.has(path)) {
        findings.add('extra', path, entry.isSymbolicLink() ? 'symbolic link not listed in the manifest' : 'not listed in the manifest');
      }
    }
  };
  await walk(dir, '', 0);
}
