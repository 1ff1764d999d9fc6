import type { JsonObject, OptionsSchema } from '@beamstack/contract';
import { validateOptions } from '@beamstack/host';

/**
 * A stage's options as the host hands them over: checked against the schema and completed with
 * its defaults by the host's own validator, so a bench calls hooks exactly as a run would.
 */
export function stageOptions(stage: { readonly id: string; readonly options: OptionsSchema }, given: JsonObject): JsonObject {
  const { value, problems } = validateOptions(stage.options, given, stage.id);
  if (problems.length > 0) throw new Error(`bench options for '${stage.id}': ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return value;
}
