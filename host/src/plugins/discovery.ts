import { existsSync } from 'node:fs';
import { readdir, readFile, realpath } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readManifest } from './package-json.js';

export type PluginOrigin = 'path' | 'env' | 'workspace' | 'node_modules';

/** A folder that may hold a plugin, and how it was found (for `beamstack plugins`). */
export interface PluginCandidate {
  readonly dir: string;
  readonly origin: PluginOrigin;
}

export interface DiscoveryOptions {
  /** Plugin folders named explicitly (stack file `plugins:`, `--plugin`): loaded first, so they win. */
  readonly paths?: readonly string[];
  /** Where to look for a workspace and node_modules; default: the current directory. */
  readonly cwd?: string;
  /** Extra roots whose node_modules are searched (the host's own installation). */
  readonly nodeModulesRoots?: readonly string[];
  /** Folders from BEAMSTACK_PLUGIN_PATH: each is a plugin, or holds plugin folders. */
  readonly envPath?: string;
}

/**
 * Finds plugin candidates in a fixed precedence order: explicit paths, BEAMSTACK_PLUGIN_PATH, the
 * enclosing pnpm/npm workspace, then node_modules. The same folder reached twice (a workspace
 * package and its node_modules symlink) is listed once, under its first origin.
 */
export async function discoverPlugins(options: DiscoveryOptions = {}): Promise<PluginCandidate[]> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const found: PluginCandidate[] = [];
  const seen = new Set<string>();
  const add = async (dir: string, origin: PluginOrigin, requireField: boolean): Promise<void> => {
    let real: string;
    try {
      real = await realpath(dir);
    } catch {
      if (!requireField) found.push({ dir: resolve(dir), origin });
      return;
    }
    if (seen.has(real)) return;
    if (requireField) {
      const manifest = await readManifest(real);
      if (!manifest || manifest.beamstack === undefined) return;
    }
    seen.add(real);
    found.push({ dir: real, origin });
  };

  // Explicit paths are always candidates, even without a beamstack field: the loader then says why
  // they cannot be used instead of ignoring what the user asked for.
  for (const path of options.paths ?? []) await add(path, 'path', false);
  for (const dir of splitPathList(options.envPath)) {
    if (await readManifest(dir)) await add(dir, 'env', false);
    else for (const child of await childDirs(dir)) await add(child, 'env', true);
  }
  const workspace = findWorkspaceRoot(cwd);
  if (workspace) for (const dir of await workspacePackages(workspace)) await add(dir, 'workspace', true);
  for (const root of [cwd, ...(options.nodeModulesRoots ?? [])]) {
    for (const dir of await nodeModulePackages(root)) await add(dir, 'node_modules', true);
  }
  return found;
}

function splitPathList(value: string | undefined): string[] {
  return (value ?? '').split(':').filter((p) => p.length > 0).map((p) => resolve(p));
}

async function childDirs(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() || e.isSymbolicLink()).map((e) => join(dir, e.name));
  } catch {
    return [];
  }
}

/** The nearest folder at or above `from` holding pnpm-workspace.yaml or a package.json with workspaces. */
export function findWorkspaceRoot(from: string): string | null {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

async function workspacePackages(root: string): Promise<string[]> {
  let patterns: string[] = [];
  try {
    const parsed = parseYaml(await readFile(join(root, 'pnpm-workspace.yaml'), 'utf8')) as { packages?: unknown } | null;
    if (Array.isArray(parsed?.packages)) patterns = parsed.packages.filter((p): p is string => typeof p === 'string');
  } catch {
    return [];
  }
  const dirs: string[] = [];
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) continue;
    // Only the forms workspaces use in practice: "dir" and "dir/*".
    if (pattern.endsWith('/*')) dirs.push(...(await childDirs(join(root, pattern.slice(0, -2)))));
    else if (!pattern.includes('*')) dirs.push(join(root, pattern));
  }
  return dirs.sort();
}

async function nodeModulePackages(root: string): Promise<string[]> {
  const modules = join(root, 'node_modules');
  const dirs: string[] = [];
  for (const entry of await childDirs(modules)) {
    const name = entry.slice(modules.length + 1);
    if (name.startsWith('.')) continue;
    if (name.startsWith('@')) dirs.push(...(await childDirs(entry)));
    else dirs.push(entry);
  }
  return dirs.sort();
}
