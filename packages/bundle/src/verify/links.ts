import { lstat } from 'node:fs/promises';
import { posix } from 'node:path';
import type { Hdf5Reader } from '@beamstack/hdf5';
import type { BundleManifest } from '../manifest.js';
import { bundleFile } from '../paths.js';
import { reason, type Findings } from './findings.js';
import type { ReaderCache } from './readers.js';

/** Objects visited per file and group nesting followed: far beyond NXmx, a stop for hostile files. */
export const MAX_LINK_WALK_OBJECTS = 100_000;
export const MAX_LINK_WALK_DEPTH = 32;

interface Context {
  readonly dir: string;
  readonly listed: ReadonlySet<string>;
  readonly openable: ReadonlySet<string>;
  readonly readers: ReaderCache;
  readonly findings: Findings;
  /** Results by "holder\0file\0object", so 1000 VDS sources into one file cost one check. */
  readonly checked: Map<string, Promise<Hdf5Reader | null>>;
}

/**
 * Every external link and every virtual-dataset source in the bundle's HDF5 files (master and
 * data) must name a file by a relative path that stays inside the bundle, that file must be in
 * the manifest, and the object it names must exist there. `openable`: the listed files present
 * with the right size (the others are findings already).
 */
export async function checkLinks(dir: string, manifest: BundleManifest, openable: ReadonlySet<string>, readers: ReaderCache, findings: Findings): Promise<void> {
  const ctx: Context = { dir, listed: new Set(manifest.files.map((f) => f.path)), openable, readers, findings, checked: new Map() };
  for (const entry of manifest.files) {
    if ((entry.role !== 'master' && entry.role !== 'data') || !openable.has(entry.path)) continue;
    let reader: Hdf5Reader;
    try {
      reader = await readers.get(entry.path);
    } catch (error) {
      findings.add('link', entry.path, `cannot open to check its links: ${reason(error)}`);
      continue;
    }
    const budget = { left: MAX_LINK_WALK_OBJECTS };
    await walkGroup(reader, entry.path, '/', 0, budget, ctx);
  }
}

async function walkGroup(reader: Hdf5Reader, holder: string, group: string, depth: number, budget: { left: number }, ctx: Context): Promise<void> {
  if (depth > MAX_LINK_WALK_DEPTH || budget.left <= 0) {
    ctx.findings.add('link', holder, `${group}: groups nest deeper than ${MAX_LINK_WALK_DEPTH} levels or hold more than ${MAX_LINK_WALK_OBJECTS} objects; not all links checked`);
    return;
  }
  let links;
  try {
    links = await reader.list(group);
  } catch (error) {
    ctx.findings.add('link', holder, `${group}: cannot list: ${reason(error)}`);
    return;
  }
  for (const link of links) {
    if (--budget.left < 0) break;
    const path = group === '/' ? `/${link.name}` : `${group}/${link.name}`;
    if (link.kind === 'external') {
      await checkTarget(holder, path, link.file ?? '', link.target ?? '/', 'external link', ctx);
    } else if (link.kind === 'hard') {
      try {
        const node = await reader.lookup(path);
        if (node.kind === 'group') await walkGroup(reader, holder, path, depth + 1, budget, ctx);
        else if (node.kind === 'dataset') await checkVirtual(reader, holder, path, ctx);
      } catch (error) {
        ctx.findings.add('link', holder, `${path}: cannot read: ${reason(error)}`);
      }
    }
    // Soft links point inside the same file; a dangling one is not a bundle problem.
  }
}

async function checkVirtual(reader: Hdf5Reader, holder: string, path: string, ctx: Context): Promise<void> {
  const dataset = await reader.dataset(path);
  if (dataset.layout !== 'virtual') return;
  for (const source of await dataset.virtualSources()) {
    const target = await checkTarget(holder, path, source.file, source.dataset, 'virtual dataset source', ctx);
    if (!target) continue;
    try {
      const sourceSet = await target.dataset(source.dataset);
      const needed = source.sourceFirstFrame + source.frames;
      if ((sourceSet.shape[0] ?? 0) < needed) {
        ctx.findings.add('link', holder, `${path}: virtual dataset source ${source.file}:${source.dataset} has ${sourceSet.shape[0] ?? 0} frames; the mapping needs ${needed}`);
      }
    } catch (error) {
      ctx.findings.add('link', holder, `${path}: virtual dataset source ${source.file}:${source.dataset}: ${reason(error)}`);
    }
  }
}

/**
 * Checks that `stored` (a file name as the link stores it, relative to the holder's folder; '.'
 * is the holder itself) names a listed file of the bundle holding `object`. Returns that file's
 * reader when it does.
 */
async function checkTarget(holder: string, where: string, stored: string, object: string, what: string, ctx: Context): Promise<Hdf5Reader | null> {
  const resolved = stored === '.' ? { path: holder } : resolveInBundle(holder, stored);
  const label = `${where}: ${what} to ${JSON.stringify(stored)}`;
  if ('problem' in resolved) {
    ctx.findings.add('link', holder, `${label} ${resolved.problem}`);
    return null;
  }
  const key = `${holder}\u0000${resolved.path}\u0000${object}`;
  let result = ctx.checked.get(key);
  if (!result) {
    result = resolveTarget(holder, label, resolved.path, object, ctx);
    ctx.checked.set(key, result);
  }
  return result;
}

async function resolveTarget(holder: string, label: string, path: string, object: string, ctx: Context): Promise<Hdf5Reader | null> {
  if (!ctx.listed.has(path)) {
    const exists = await lstat(bundleFile(ctx.dir, path)).then(() => true, () => false);
    ctx.findings.add('link', holder, `${label} points to ${path}, which ${exists ? 'the manifest does not list' : 'is not in the bundle'}`);
    return null;
  }
  // A listed file that is absent or of the wrong size is already a finding.
  if (!ctx.openable.has(path)) return null;
  let target: Hdf5Reader;
  try {
    target = await ctx.readers.get(path);
  } catch (error) {
    ctx.findings.add('link', holder, `${label}: cannot open ${path}: ${reason(error)}`);
    return null;
  }
  const node = await target.lookup(object).catch((error: unknown) => reason(error));
  if (typeof node === 'string' || node.kind === 'missing') {
    ctx.findings.add('link', holder, `${label}: ${object} does not exist in ${path}${typeof node === 'string' ? ` (${node})` : ''}`);
    return null;
  }
  return target;
}

/** The bundle path a relative link name leads to from `holder`, or why it is not acceptable. */
export function resolveInBundle(holder: string, stored: string): { path: string } | { problem: string } {
  if (stored.length === 0) return { problem: 'has an empty file name' };
  if (stored.includes('\\')) return { problem: "uses '\\' (not portable)" };
  if (stored.startsWith('/') || /^[A-Za-z]:/.test(stored)) return { problem: 'is an absolute path; a bundle must work wherever it is copied' };
  const path = posix.normalize(posix.join(posix.dirname(holder), stored));
  if (path === '..' || path.startsWith('../')) return { problem: 'leads outside the bundle folder' };
  return { path };
}
