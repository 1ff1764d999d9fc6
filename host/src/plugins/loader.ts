import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BeamstackError, CONTRACT_VERSION, ErrorCodes, type Stage } from '@beamstack/contract';
import semver from 'semver';
import type { PluginCandidate, PluginOrigin } from './discovery.js';
import { entryOf, isBeamstackField, readManifest } from './package-json.js';
import { stageShapeProblems } from './stage-shape.js';

export interface LoadedPlugin {
  readonly name: string;
  readonly version: string;
  readonly dir: string;
  readonly origin: PluginOrigin;
  /** file: URL of the module workers import. */
  readonly entryUrl: string;
  readonly contractRange: string;
  readonly stages: readonly Stage[];
}

/** A plugin that was found but cannot be used, with the coded reason. */
export interface RefusedPlugin {
  readonly name: string | null;
  readonly version: string | null;
  readonly dir: string;
  readonly origin: PluginOrigin;
  readonly contractRange: string | null;
  readonly error: BeamstackError;
}

/**
 * Loads one plugin folder. The contract range is checked before the module is imported, so an
 * incompatible plugin's code never runs.
 */
export async function loadPlugin(candidate: PluginCandidate): Promise<LoadedPlugin> {
  const { dir } = candidate;
  const manifest = await readManifest(dir);
  const malformed = (message: string, plugin?: string): BeamstackError =>
    new BeamstackError(ErrorCodes.PLUGIN_MALFORMED, message, { file: join(dir, 'package.json'), ...(plugin ? { plugin } : {}) });
  if (!manifest) throw malformed(`no readable package.json in ${dir}`);
  if (typeof manifest.name !== 'string' || manifest.name.length === 0) throw malformed('package.json has no name');
  const name = manifest.name;
  if (typeof manifest.version !== 'string' || !semver.valid(manifest.version)) {
    throw malformed(`package.json of ${name} has no valid semver version`, name);
  }
  const id = `${name}@${manifest.version}`;
  if (!isBeamstackField(manifest.beamstack)) {
    throw malformed(`${id}: package.json needs a "beamstack": { "contract": "<semver range>" } field`, id);
  }
  const range = manifest.beamstack.contract;
  if (semver.validRange(range) === null) {
    throw malformed(`${id} declares contract range '${range}', which is not a valid semver range`, id);
  }
  if (!semver.satisfies(CONTRACT_VERSION, range)) {
    throw new BeamstackError(
      ErrorCodes.PLUGIN_INCOMPATIBLE,
      `plugin ${id} requires contract ${range}, but this host implements contract ${CONTRACT_VERSION}`,
      { plugin: id, file: join(dir, 'package.json') },
    );
  }
  const entryPath = resolve(dir, entryOf(manifest, manifest.beamstack));
  const entryUrl = pathToFileURL(entryPath).href;
  let exported: unknown;
  try {
    exported = ((await import(entryUrl)) as { default?: unknown }).default;
  } catch (cause) {
    throw new BeamstackError(ErrorCodes.PLUGIN_LOAD, `cannot import ${id} from ${entryPath}: ${String(cause)}`, { plugin: id, file: entryPath }, { cause });
  }
  const stages = (exported as { stages?: unknown } | undefined)?.stages;
  if (!Array.isArray(stages) || stages.length === 0) {
    throw malformed(`${id}: the module's default export must be definePlugin({ stages: [...] }) with at least one stage`, id);
  }
  const problems = stages.flatMap((stage: unknown, i) => stageShapeProblems(stage).map((p) => `stages[${i}]${describeStage(stage)} ${p}`));
  if (problems.length > 0) throw malformed(`${id}: ${problems.join('; ')}`, id);
  const ids = (stages as Stage[]).map((s) => s.id);
  const repeated = ids.find((s, i) => ids.indexOf(s) !== i);
  if (repeated) {
    throw new BeamstackError(ErrorCodes.PLUGIN_DUPLICATE, `${id} declares stage id '${repeated}' twice`, { plugin: id, stage: repeated });
  }
  return { name, version: manifest.version, dir, origin: candidate.origin, entryUrl, contractRange: range, stages: stages as Stage[] };
}

function describeStage(stage: unknown): string {
  const id = (stage as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? ` ('${id}')` : '';
}

/** Name, version and range of a folder even when it cannot be loaded, for listings. */
export async function describeCandidate(dir: string): Promise<Pick<RefusedPlugin, 'name' | 'version' | 'contractRange'>> {
  const manifest = await readManifest(dir);
  return {
    name: typeof manifest?.name === 'string' ? manifest.name : null,
    version: typeof manifest?.version === 'string' ? manifest.version : null,
    contractRange: isBeamstackField(manifest?.beamstack) ? manifest.beamstack.contract : null,
  };
}
