import { BeamstackError, ErrorCodes, type PluginDefinition, type Stage } from '@beamstack/contract';
import type { StageRef } from './task.js';

const modules = new Map<string, Promise<PluginDefinition>>();

/**
 * Imports a plugin module once per thread and finds one of its stages. Used by pool workers,
 * which receive only module URLs and stage ids, never stage objects.
 */
export async function loadStage(ref: StageRef): Promise<Stage> {
  let pending = modules.get(ref.entryUrl);
  if (!pending) {
    pending = importPlugin(ref);
    modules.set(ref.entryUrl, pending);
  }
  const plugin = await pending;
  const stage = plugin.stages.find((s) => s.id === ref.stageId);
  if (!stage) {
    throw new BeamstackError(ErrorCodes.PLUGIN_MALFORMED, `stage '${ref.stageId}' is missing from the plugin module in a worker thread`, {
      plugin: `${ref.plugin}@${ref.version}`,
      stage: ref.stageId,
    });
  }
  return stage;
}

async function importPlugin(ref: StageRef): Promise<PluginDefinition> {
  try {
    const module = (await import(ref.entryUrl)) as { default?: PluginDefinition };
    if (!module.default || !Array.isArray(module.default.stages)) throw new Error('no default export with stages');
    return module.default;
  } catch (cause) {
    throw new BeamstackError(ErrorCodes.PLUGIN_LOAD, `cannot import ${ref.entryUrl} in a worker thread: ${String(cause)}`, {
      plugin: `${ref.plugin}@${ref.version}`,
    }, { cause });
  }
}
