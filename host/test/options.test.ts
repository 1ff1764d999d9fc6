import { describe, expect, it } from 'vitest';
import type { ObjectOption } from '@beamstack/contract';
import { describeSchema, validateOptions } from '../src/options/validate.js';

const schema: ObjectOption = {
  type: 'object',
  properties: {
    factor: { type: 'integer', minimum: 2, default: 2 },
    mode: { type: 'string', enum: ['sum', 'mean'], default: 'sum' },
    roi: { type: 'array', items: { type: 'integer', minimum: 0 }, minItems: 4, maxItems: 4 },
    dmin: { type: 'number', exclusiveMinimum: 0 },
    frames: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'string', pattern: '[0-9:,\\[\\] ]+' }] },
    strict: { type: 'boolean' },
    name: { type: 'string' },
  },
  required: ['name'],
};

describe('validateOptions', () => {
  it('fills defaults and keeps given values', () => {
    const { value, problems } = validateOptions(schema, { name: 'x', roi: [0, 0, 10, 10] }, 'stages[1].with');
    expect(problems).toEqual([]);
    expect(value).toEqual({ name: 'x', roi: [0, 0, 10, 10], factor: 2, mode: 'sum' });
  });

  it('names the path and the rule of every problem at once', () => {
    const { problems } = validateOptions(schema, { factor: 1.5, mode: 'median', roi: [0, -1, 2], dmin: 0, strict: 'yes', typo: 1 }, 'stages[1].with');
    const text = problems.map((p) => `${p.path}: ${p.message}`);
    expect(text).toEqual(
      expect.arrayContaining([
        'stages[1].with.factor: must be an integer >= 2',
        'stages[1].with.mode: must be one of: sum, mean',
        'stages[1].with.roi: must be a list of exactly 4 integers >= 0',
        'stages[1].with.dmin: must be a number > 0',
        'stages[1].with.strict: must be true or false',
        'stages[1].with.name: is required: a string',
      ]),
    );
    expect(text.find((t) => t.startsWith('stages[1].with.typo'))).toMatch(/unknown option \(known: factor, mode/);
    expect(problems).toHaveLength(7);
  });

  it('accepts any branch of anyOf and explains all branches otherwise', () => {
    expect(validateOptions(schema, { name: 'a', frames: 3 }, 'w').problems).toEqual([]);
    expect(validateOptions(schema, { name: 'a', frames: '1:10' }, 'w').problems).toEqual([]);
    const { problems } = validateOptions(schema, { name: 'a', frames: 0 }, 'w');
    expect(problems[0]!.message).toBe("must be an integer >= 1 or a string matching /[0-9:,\\[\\] ]+/");
  });

  it('treats a missing options block as empty and rejects non-mappings', () => {
    expect(validateOptions({ type: 'object', properties: {} }, undefined, 'w').problems).toEqual([]);
    expect(validateOptions({ type: 'object', properties: {} }, [1], 'w').problems[0]!.message).toBe('must be a mapping of options');
    expect(validateOptions({ type: 'object', properties: {} }, { a: 1 }, 'w').problems[0]!.message).toBe('unknown option (this stage takes no options)');
  });

  it('describes schemas for help text', () => {
    expect(describeSchema({ type: 'integer', minimum: 2, maximum: 8 })).toBe('an integer between 2 and 8');
    expect(describeSchema({ type: 'number' })).toBe('a number');
  });
});
