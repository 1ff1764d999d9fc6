import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { discoverPlugins } from '../plugins/discovery.js';
import { PluginRegistry } from '../plugins/registry.js';
import type { PreparedStack } from '../pipeline/runner.js';
import { resolveStack } from './resolve.js';
import type { StackFile } from './stack-file.js';

export interface PluginSearch {
  /** Where to look for a workspace and node_modules (default: the current directory). */
  readonly cwd?: string;
  /** More plugin folders (CLI `--plugin`). */
  readonly plugins?: readonly string[];
  /** BEAMSTACK_PLUGIN_PATH (default: the environment variable). */
  readonly envPath?: string;
}

/** The folder of this host package: its own dependencies (the bundled plugins) are always found. */
export const HOST_ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

export async function loadRegistry(search: PluginSearch = {}, stackPlugins: readonly string[] = []): Promise<PluginRegistry> {
  const candidates = await discoverPlugins({
    paths: [...stackPlugins, ...(search.plugins ?? [])],
    ...(search.cwd !== undefined ? { cwd: search.cwd } : {}),
    nodeModulesRoots: [HOST_ROOT],
    envPath: search.envPath ?? process.env.BEAMSTACK_PLUGIN_PATH ?? '',
  });
  return PluginRegistry.load(candidates);
}

/** Finds the plugins a stack may use and checks the stack against them; nothing runs yet. */
export async function prepareStack(file: StackFile, search: PluginSearch = {}): Promise<PreparedStack> {
  const registry = await loadRegistry(search, file.plugins);
  return { stack: resolveStack(file, registry), registry };
}
