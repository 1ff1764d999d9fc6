import {
  BeamstackError,
  ErrorCodes,
  isBeamstackError,
  type CodecCatalog,
  type CodecStage,
  type DType,
  type Hdf5Filter,
  type JsonObject,
  type Stage,
  type StageKind,
} from '@beamstack/contract';
import type { PluginCandidate } from './discovery.js';
import { describeCandidate, loadPlugin, type LoadedPlugin, type RefusedPlugin } from './loader.js';

export interface StageEntry {
  readonly plugin: LoadedPlugin;
  readonly stage: Stage;
}

/** Every plugin found, loaded or refused, and the stages they provide by id. */
export class PluginRegistry {
  private readonly byId = new Map<string, StageEntry>();

  private constructor(
    readonly plugins: readonly LoadedPlugin[],
    readonly refused: readonly RefusedPlugin[],
  ) {
    for (const plugin of plugins) for (const stage of plugin.stages) this.byId.set(stage.id, { plugin, stage });
  }

  /**
   * Loads candidates in order. A plugin whose stage id is already taken by an earlier one is
   * refused as a whole (BEAMSTACK_E_PLUGIN_DUPLICATE), so which code runs never depends on chance.
   */
  static async load(candidates: readonly PluginCandidate[]): Promise<PluginRegistry> {
    const plugins: LoadedPlugin[] = [];
    const refused: RefusedPlugin[] = [];
    const owner = new Map<string, LoadedPlugin>();
    for (const candidate of candidates) {
      try {
        const plugin = await loadPlugin(candidate);
        const clash = plugin.stages.find((s) => owner.has(s.id));
        if (clash) {
          const first = owner.get(clash.id)!;
          throw new BeamstackError(
            ErrorCodes.PLUGIN_DUPLICATE,
            `stage id '${clash.id}' of ${plugin.name}@${plugin.version} (${plugin.dir}) is already provided by ${first.name}@${first.version} (${first.dir})`,
            { plugin: `${plugin.name}@${plugin.version}`, stage: clash.id },
          );
        }
        for (const stage of plugin.stages) owner.set(stage.id, plugin);
        plugins.push(plugin);
      } catch (error) {
        const coded = isBeamstackError(error)
          ? error
          : new BeamstackError(ErrorCodes.PLUGIN_LOAD, String(error), { file: candidate.dir }, { cause: error });
        refused.push({ ...(await describeCandidate(candidate.dir)), dir: candidate.dir, origin: candidate.origin, error: coded });
      }
    }
    return new PluginRegistry(plugins, refused);
  }

  find(id: string): StageEntry | undefined {
    return this.byId.get(id);
  }

  /** All stages, optionally of one kind, sorted by id. */
  stages(kind?: StageKind): StageEntry[] {
    return [...this.byId.values()].filter((e) => !kind || e.stage.kind === kind).sort((a, b) => a.stage.id.localeCompare(b.stage.id));
  }

  codecs(): CodecCatalog {
    const codecs = this.stages('codec').map((e) => e.stage as CodecStage);
    return {
      get: (id) => codecs.find((c) => c.id === id),
      list: () => codecs,
      fromHdf5Filters: (filters: readonly Hdf5Filter[], dtype: DType) => {
        for (const codec of codecs) {
          const params = codec.hdf5?.paramsFromFilters(filters, dtype);
          if (params) return { codec, params: params as JsonObject };
        }
        return undefined;
      },
    };
  }

  /** Why a stage id is not available: unknown, or possibly provided by a refused plugin. */
  unknownStageError(id: string, where: string): BeamstackError {
    const known = this.stages().map((e) => e.stage.id).join(', ') || 'none';
    const refusedNote = this.refused.length
      ? `; refused plugins that might provide it: ${this.refused.map((r) => `${r.name ?? r.dir} (${r.error.code})`).join(', ')}`
      : '';
    return new BeamstackError(ErrorCodes.STAGE_UNKNOWN, `${where}: no loaded plugin provides stage '${id}' (available: ${known})${refusedNote}`, {
      option: where,
      stage: id,
    });
  }
}
