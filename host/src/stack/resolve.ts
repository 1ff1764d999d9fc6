import { BeamstackError, ErrorCodes, type JsonObject, type Stage, type StageKind } from '@beamstack/contract';
import { validateOptions } from '../options/validate.js';
import type { LoadedPlugin } from '../plugins/loader.js';
import type { PluginRegistry } from '../plugins/registry.js';
import type { StackFile } from './stack-file.js';

export interface ResolvedStage<S extends Stage = Stage> {
  /** "stages[2]" */
  readonly label: string;
  readonly plugin: LoadedPlugin;
  readonly stage: S;
  /** Validated, with defaults. */
  readonly options: JsonObject;
}

/** A stack whose stages all exist, sit in a legal order and have valid options. */
export interface ResolvedStack {
  readonly file: StackFile;
  readonly stages: readonly ResolvedStage[];
}

/**
 * Checks a stack against the loaded plugins before anything runs: every stage exists, the first
 * is a source, the last a writer, those between are transforms or codecs, and every option
 * matches its stage's schema. All problems are reported together, each prefixed with the file
 * and the path (`site.yaml: stages[1].with.factor: must be an integer >= 2`).
 */
export function resolveStack(file: StackFile, registry: PluginRegistry): ResolvedStack {
  for (const refused of registry.refused) {
    // A plugin the stack names by path was asked for explicitly: its refusal is the error.
    if (refused.origin === 'path' && file.plugins.includes(refused.dir)) throw refused.error;
  }
  const problems: { code: BeamstackError['code']; text: string; path: string }[] = [];
  const stages: ResolvedStage[] = [];
  const last = file.stages.length - 1;
  file.stages.forEach((spec, i) => {
    const label = `stages[${i}]`;
    const entry = registry.find(spec.use);
    if (!entry) {
      const error = registry.unknownStageError(spec.use, `${file.label}: ${label}.use`);
      problems.push({ code: error.code, text: error.message, path: `${label}.use` });
      return;
    }
    const expected: readonly StageKind[] = i === 0 ? ['source'] : i === last ? ['writer'] : ['transform', 'codec'];
    if (!expected.includes(entry.stage.kind)) {
      const where = i === 0 ? 'the first stage must be a source' : i === last ? 'the last stage must be a writer' : 'stages between the source and the writer must be transforms or codecs';
      problems.push({ code: ErrorCodes.STACK, text: `${file.label}: ${label}.use: '${spec.use}' is a ${entry.stage.kind}; ${where}`, path: `${label}.use` });
    }
    const { value, problems: optionProblems } = validateOptions(entry.stage.options, spec.with, `${label}.with`);
    for (const p of optionProblems) problems.push({ code: ErrorCodes.OPTIONS, text: `${file.label}: ${p.path}: ${p.message}`, path: p.path });
    stages.push({ label, plugin: entry.plugin, stage: entry.stage, options: value });
  });
  if (problems.length > 0) {
    const first = problems[0]!;
    throw new BeamstackError(first.code, problems.map((p) => p.text).join('\n'), { file: file.label, option: first.path });
  }
  return { file, stages };
}
