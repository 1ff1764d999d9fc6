import type { Stage } from './stages.js';

/**
 * What a plugin module exports as its default export. The plugin's name and version come from its
 * package.json, which must also carry a `beamstack` field (see BeamstackPackageField).
 */
export interface PluginDefinition {
  readonly stages: readonly Stage[];
}

/**
 * The `beamstack` field of a plugin's package.json. Compatibility is declared twice, here and as a
 * peerDependency on @beamstack/contract, so both the host and the package manager can check it.
 */
export interface BeamstackPackageField {
  /** semver range of CONTRACT_VERSION the plugin was built for, e.g. "^1.0.0". */
  readonly contract: string;
  /** Module to import, relative to the package root; defaults to the package's main export. */
  readonly entry?: string;
}

export function definePlugin(def: PluginDefinition): PluginDefinition {
  return def;
}
