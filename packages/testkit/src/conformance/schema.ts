import type { JsonObject, JsonValue, OptionSchema, OptionsSchema } from '@beamstack/contract';

const TYPES = ['integer', 'number', 'string', 'boolean', 'array', 'object'];

/**
 * Problems with an options schema as a stage declares it: unknown types, missing descriptions,
 * defaults that break their own constraints. The host validates stack options against this
 * schema, so a bad schema means options nobody can set, or a default the stage never expected.
 */
export function schemaProblems(schema: unknown, path = 'options'): string[] {
  const problems: string[] = [];
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return [`${path} must be an object schema`];
  const s = schema as Record<string, unknown>;
  if (path === 'options' && s.type !== 'object') return [`${path}.type must be 'object' (got ${JSON.stringify(s.type)})`];
  if (path !== 'options' && typeof s.description !== 'string') problems.push(`${path} has no description`);
  else if (typeof s.description === 'string' && s.description.trim() === '') problems.push(`${path} has an empty description`);
  if ('anyOf' in s) {
    if (!Array.isArray(s.anyOf) || s.anyOf.length === 0) problems.push(`${path}.anyOf must be a non-empty list`);
    else s.anyOf.forEach((option, i) => problems.push(...schemaProblems({ description: 'alternative', ...(option as object) }, `${path}.anyOf[${i}]`)));
    return problems;
  }
  if (typeof s.type !== 'string' || !TYPES.includes(s.type)) return [...problems, `${path}.type ${JSON.stringify(s.type)} is not one of ${TYPES.join(', ')}`];
  if (s.type === 'object') {
    if (typeof s.properties !== 'object' || s.properties === null || Array.isArray(s.properties)) return [...problems, `${path}.properties must be an object`];
    const names = Object.keys(s.properties);
    for (const name of names) problems.push(...schemaProblems((s.properties as Record<string, unknown>)[name], `${path}.${name}`));
    if (s.required !== undefined) {
      if (!Array.isArray(s.required)) problems.push(`${path}.required must be a list of property names`);
      else for (const r of s.required) if (!names.includes(r as string)) problems.push(`${path}.required names '${String(r)}', which is not a property`);
    }
  }
  if (s.type === 'array') problems.push(...schemaProblems({ description: 'item', ...(s.items as object) }, `${path}.items`));
  if (s.type === 'string' && s.pattern !== undefined) {
    try {
      new RegExp(String(s.pattern), 'u');
    } catch {
      problems.push(`${path}.pattern is not a valid regular expression`);
    }
  }
  if ((s.type === 'integer' || s.type === 'number') && typeof s.minimum === 'number' && typeof s.maximum === 'number' && s.minimum > s.maximum) {
    problems.push(`${path}: minimum ${s.minimum} > maximum ${s.maximum}`);
  }
  if ('default' in s && s.default !== undefined) {
    const why = valueProblem(schema as OptionSchema, s.default as JsonValue);
    if (why) problems.push(`${path}.default ${JSON.stringify(s.default)} ${why}`);
  }
  return problems;
}

/** Why `value` does not satisfy `schema`, or null when it does. */
export function valueProblem(schema: OptionSchema, value: JsonValue | undefined): string | null {
  if ('anyOf' in schema) return schema.anyOf.some((o) => valueProblem(o, value) === null) ? null : 'matches none of anyOf';
  switch (schema.type) {
    case 'integer':
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'is not a finite number';
      if (schema.type === 'integer' && !Number.isInteger(value)) return 'is not an integer';
      if (schema.minimum !== undefined && value < schema.minimum) return `is below the minimum ${schema.minimum}`;
      if (schema.maximum !== undefined && value > schema.maximum) return `is above the maximum ${schema.maximum}`;
      return null;
    case 'string':
      if (typeof value !== 'string') return 'is not a string';
      if (schema.enum && !schema.enum.includes(value)) return `is not one of ${schema.enum.join(', ')}`;
      if (schema.minLength !== undefined && value.length < schema.minLength) return `is shorter than ${schema.minLength}`;
      if (schema.pattern !== undefined && !new RegExp(`^(?:${schema.pattern})$`, 'u').test(value)) return `does not match ${schema.pattern}`;
      return null;
    case 'boolean':
      return typeof value === 'boolean' ? null : 'is not a boolean';
    case 'array':
      if (!Array.isArray(value)) return 'is not a list';
      for (const item of value) {
        const why = valueProblem(schema.items, item);
        if (why) return `has an item that ${why}`;
      }
      return null;
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'is not an object';
      const obj = value as JsonObject;
      for (const [key, item] of Object.entries(obj)) {
        const property = schema.properties[key];
        if (!property) {
          if (schema.additionalProperties !== true) return `has the unknown key '${key}'`;
          continue;
        }
        const why = valueProblem(property, item);
        if (why) return `has '${key}' that ${why}`;
      }
      for (const key of schema.required ?? []) if (!(key in obj)) return `lacks the required '${key}'`;
      return null;
    }
  }
}

/**
 * The options a stage receives when a stack gives none: every default filled in (as the host
 * does), or null when a required option has no default.
 */
export function defaultParams(schema: OptionsSchema): JsonObject | null {
  const out: Record<string, JsonValue> = {};
  for (const [name, property] of Object.entries(schema.properties)) {
    const value = defaultOf(property);
    if (value !== undefined) out[name] = value;
    else if (schema.required?.includes(name)) return null;
  }
  return out;
}

function defaultOf(schema: OptionSchema): JsonValue | undefined {
  if (schema.default !== undefined) return schema.default as JsonValue;
  if (!('anyOf' in schema) && schema.type === 'object') {
    const nested = defaultParams(schema);
    return nested && Object.keys(nested).length > 0 ? nested : undefined;
  }
  return undefined;
}

/**
 * Option sets to exercise besides the defaults: each boolean flipped, each other enum value, and
 * each integer option at its bounds when they are small (levels, not sizes). Each differs from
 * the defaults in one option.
 */
export function paramVariants(schema: OptionsSchema, defaults: JsonObject): JsonObject[] {
  const variants: JsonObject[] = [];
  for (const [name, property] of Object.entries(schema.properties)) {
    if ('anyOf' in property) continue;
    const current = defaults[name];
    const values: JsonValue[] = [];
    if (property.type === 'boolean') values.push(!(current ?? false));
    if (property.type === 'string' && property.enum) values.push(...property.enum.filter((v) => v !== current));
    if (property.type === 'integer' && property.minimum !== undefined && property.maximum !== undefined && property.maximum - property.minimum <= 64) {
      values.push(...[property.minimum, property.maximum].filter((v) => v !== current));
    }
    for (const value of values) variants.push({ ...defaults, [name]: value });
  }
  return variants;
}
