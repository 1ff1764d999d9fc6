import { resolve } from 'node:path';
import type { CodecStage } from '@beamstack/contract';
import { loadRegistry, type LoadedPlugin, type PluginRegistry, type RefusedPlugin } from '@beamstack/host';

/** The repository root (this folder is test/conformance). */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

/** The codecs this repository is meant to ship; the conformance suite reports which have not landed. */
export const EXPECTED_CODECS = ['bslz4', 'byte-offset', 'deflate', 'lz4'] as const;

/** Plugins found the way the host finds them for a run in this repository (no BEAMSTACK_PLUGIN_PATH). */
export function workspaceRegistry(): Promise<PluginRegistry> {
  return loadRegistry({ cwd: REPO_ROOT, envPath: '' });
}

export interface CodecEntry {
  readonly codec: CodecStage;
  readonly plugin: LoadedPlugin;
}

export function codecEntries(registry: PluginRegistry): CodecEntry[] {
  return registry.stages('codec').map((e) => ({ codec: e.stage as CodecStage, plugin: e.plugin }));
}

/**
 * A plugin package that exists but exports no stages yet (a scaffold whose module is
 * `export {}`): "not landed", as opposed to a plugin that is broken.
 */
export function isPlaceholder(refused: RefusedPlugin): boolean {
  return refused.error.code === 'BEAMSTACK_E_PLUGIN_MALFORMED' && /default export must be definePlugin/.test(refused.error.message);
}
