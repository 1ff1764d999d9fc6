import { isDType, type Stage, type StageKind } from '@beamstack/contract';

const ID = /^[a-z][a-z0-9-]*$/;

const REQUIRED_HOOKS: Readonly<Record<StageKind, readonly string[]>> = {
  source: ['open'],
  transform: ['mapMeta'],
  codec: ['encode', 'decode'],
  writer: ['open'],
};

const OPTIONAL_HOOKS: Readonly<Record<StageKind, readonly string[]>> = {
  source: ['render'],
  transform: ['window', 'select', 'apply'],
  codec: [],
  writer: ['prepare'],
};

/**
 * Checks that an exported value has the shape the contract requires of a stage; returns the
 * problems found (empty when it is a valid stage). Plain-JavaScript plugins get no compiler help,
 * so this is where their mistakes are caught, before anything runs.
 */
export function stageShapeProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return ['is not an object'];
  const stage = value as Record<string, unknown>;
  const problems: string[] = [];
  const kind = stage.kind;
  if (kind !== 'source' && kind !== 'transform' && kind !== 'codec' && kind !== 'writer') {
    return [`has kind ${JSON.stringify(kind)}; expected source, transform, codec or writer`];
  }
  if (typeof stage.id !== 'string' || !ID.test(stage.id)) {
    problems.push(`has id ${JSON.stringify(stage.id)}; ids are lowercase letters, digits and dashes`);
  }
  if (typeof stage.description !== 'string') problems.push('has no description');
  const options = stage.options as Record<string, unknown> | undefined;
  if (typeof options !== 'object' || options === null || options.type !== 'object' || typeof options.properties !== 'object') {
    problems.push("has no options schema (an object schema: { type: 'object', properties: {...} })");
  }
  for (const hook of REQUIRED_HOOKS[kind]) {
    if (typeof stage[hook] !== 'function') problems.push(`has no ${hook}() hook`);
  }
  for (const hook of OPTIONAL_HOOKS[kind]) {
    if (stage[hook] !== undefined && typeof stage[hook] !== 'function') problems.push(`has a ${hook} that is not a function`);
  }
  if (kind === 'transform' && stage.accepts !== 'pixels' && stage.accepts !== 'any') {
    problems.push("has accepts other than 'pixels' or 'any'");
  }
  if (kind === 'codec') {
    if (!Array.isArray(stage.dtypes) || stage.dtypes.length === 0 || !stage.dtypes.every(isDType)) {
      problems.push('has no valid dtypes list');
    }
    const hdf5 = stage.hdf5 as Record<string, unknown> | undefined;
    if (hdf5 !== undefined && (typeof hdf5.filters !== 'function' || typeof hdf5.paramsFromFilters !== 'function')) {
      problems.push('has an hdf5 mapping without filters() and paramsFromFilters()');
    }
  }
  if (kind === 'writer') {
    const accepts = stage.accepts as Record<string, unknown> | undefined;
    const encodedOk = accepts && (accepts.encoded === 'hdf5' || (Array.isArray(accepts.encoded) && accepts.encoded.every((c) => typeof c === 'string')));
    if (!accepts || typeof accepts.pixels !== 'boolean' || !encodedOk) {
      problems.push("has no valid accepts ({ pixels: boolean, encoded: 'hdf5' | codec ids })");
    }
  }
  return problems;
}

export function isStage(value: unknown): value is Stage {
  return stageShapeProblems(value).length === 0;
}
