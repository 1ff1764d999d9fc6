import type { JsonObject, JsonValue, ObjectOption, OptionSchema } from '@beamstack/contract';

/** One problem with one option, located by a path such as `stages[1].with.factor`. */
export interface OptionProblem {
  readonly path: string;
  readonly message: string;
}

export interface ValidationResult<T> {
  readonly value: T;
  readonly problems: readonly OptionProblem[];
}

/**
 * Checks `input` against a stage's option schema, reporting every problem (not just the first),
 * and returns the options with defaults filled in. Unknown keys are problems unless the schema
 * allows them, so a typo never passes silently.
 */
export function validateOptions(schema: ObjectOption, input: unknown, path: string): ValidationResult<JsonObject> {
  const problems: OptionProblem[] = [];
  const value = check(schema, input === undefined ? {} : input, path, problems);
  return { value: (value ?? {}) as JsonObject, problems };
}

function check(schema: OptionSchema, input: unknown, path: string, problems: OptionProblem[]): JsonValue | undefined {
  const fail = (): undefined => {
    problems.push({ path, message: `must be ${describeSchema(schema)}` });
    return undefined;
  };
  if ('anyOf' in schema) {
    for (const option of schema.anyOf) {
      const trial: OptionProblem[] = [];
      const value = check(option, input, path, trial);
      if (trial.length === 0) return value;
    }
    return fail();
  }
  switch (schema.type) {
    case 'integer':
    case 'number': {
      if (typeof input !== 'number' || !Number.isFinite(input)) return fail();
      if (schema.type === 'integer' && !Number.isInteger(input)) return fail();
      if (schema.minimum !== undefined && input < schema.minimum) return fail();
      if (schema.maximum !== undefined && input > schema.maximum) return fail();
      if (schema.type === 'number') {
        if (schema.exclusiveMinimum !== undefined && input <= schema.exclusiveMinimum) return fail();
        if (schema.exclusiveMaximum !== undefined && input >= schema.exclusiveMaximum) return fail();
      }
      return input;
    }
    case 'string': {
      if (typeof input !== 'string') return fail();
      if (schema.enum && !schema.enum.includes(input)) return fail();
      if (schema.minLength !== undefined && input.length < schema.minLength) return fail();
      if (schema.pattern !== undefined && !new RegExp(`^(?:${schema.pattern})$`, 'u').test(input)) return fail();
      return input;
    }
    case 'boolean':
      return typeof input === 'boolean' ? input : fail();
    case 'array': {
      if (!Array.isArray(input)) return fail();
      if (schema.minItems !== undefined && input.length < schema.minItems) return fail();
      if (schema.maxItems !== undefined && input.length > schema.maxItems) return fail();
      const items: JsonValue[] = [];
      input.forEach((item: unknown, i) => {
        const value = check(schema.items, item, `${path}[${i}]`, problems);
        if (value !== undefined) items.push(value);
      });
      return items;
    }
    case 'object':
      return checkObject(schema, input, path, problems);
  }
}

function checkObject(schema: ObjectOption, input: unknown, path: string, problems: OptionProblem[]): JsonObject | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    problems.push({ path, message: `must be ${describeSchema(schema)}` });
    return undefined;
  }
  const record = input as Record<string, unknown>;
  const out: Record<string, JsonValue> = {};
  const known = Object.keys(schema.properties);
  for (const key of Object.keys(record)) {
    if (!(key in schema.properties) && !schema.additionalProperties) {
      const hint = known.length > 0 ? ` (known: ${known.join(', ')})` : ' (this stage takes no options)';
      problems.push({ path: join(path, key), message: `unknown option${hint}` });
    } else if (!(key in schema.properties)) {
      out[key] = record[key] as JsonValue;
    }
  }
  for (const [key, sub] of Object.entries(schema.properties)) {
    const childPath = join(path, key);
    if (record[key] === undefined) {
      if (sub.default !== undefined) out[key] = structuredClone(sub.default) as JsonValue;
      else if (schema.required?.includes(key)) problems.push({ path: childPath, message: `is required: ${describeSchema(sub)}` });
      continue;
    }
    const value = check(sub, record[key], childPath, problems);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function join(path: string, key: string): string {
  const safe = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : JSON.stringify(key);
  return path ? `${path}.${safe}` : safe;
}

/** "an integer >= 2", "one of: sum, mean", "a list of numbers" — for messages and help text. */
export function describeSchema(schema: OptionSchema): string {
  if ('anyOf' in schema) return schema.anyOf.map(describeSchema).join(' or ');
  switch (schema.type) {
    case 'integer':
      return `an integer${bounds(schema.minimum, schema.maximum)}`;
    case 'number': {
      const parts = [bounds(schema.minimum, schema.maximum)];
      if (schema.exclusiveMinimum !== undefined) parts.push(` > ${schema.exclusiveMinimum}`);
      if (schema.exclusiveMaximum !== undefined) parts.push(` < ${schema.exclusiveMaximum}`);
      return `a number${parts.join('')}`;
    }
    case 'string':
      if (schema.enum) return `one of: ${schema.enum.join(', ')}`;
      if (schema.pattern !== undefined) return `a string matching /${schema.pattern}/`;
      return schema.minLength ? `a string of at least ${schema.minLength} characters` : 'a string';
    case 'boolean':
      return 'true or false';
    case 'array': {
      const { minItems: lo, maxItems: hi } = schema;
      const count =
        lo !== undefined && lo === hi
          ? `exactly ${lo} `
          : lo !== undefined && hi !== undefined
            ? `${lo} to ${hi} `
            : lo !== undefined
              ? `at least ${lo} `
              : hi !== undefined
                ? `at most ${hi} `
                : '';
      return `a list of ${count}${plural(describeSchema(schema.items))}`;
    }
    case 'object':
      return 'a mapping of options';
  }
}

function bounds(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return ` between ${min} and ${max}`;
  if (min !== undefined) return ` >= ${min}`;
  if (max !== undefined) return ` <= ${max}`;
  return '';
}

function plural(description: string): string {
  return description.replace(/^an? (\w+)/, (_m, noun: string) => `${noun}s`);
}
