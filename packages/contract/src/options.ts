import type { JsonValue } from './json.js';

/**
 * Option schemas: a small subset of JSON Schema that every stage declares for its options. The
 * host validates stack-file options against it before anything runs and fills in defaults, so a
 * stage's hooks always receive complete, checked options.
 */
export type OptionSchema =
  | IntegerOption
  | NumberOption
  | StringOption
  | BooleanOption
  | ArrayOption
  | ObjectOption
  | AnyOfOption;

interface Documented {
  readonly description?: string;
}

export interface IntegerOption extends Documented {
  readonly type: 'integer';
  readonly minimum?: number;
  readonly maximum?: number;
  readonly default?: number;
}

export interface NumberOption extends Documented {
  readonly type: 'number';
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly default?: number;
}

export interface StringOption extends Documented {
  readonly type: 'string';
  readonly enum?: readonly string[];
  /** ECMAScript regular expression the whole value must match. */
  readonly pattern?: string;
  readonly minLength?: number;
  readonly default?: string;
}

export interface BooleanOption extends Documented {
  readonly type: 'boolean';
  readonly default?: boolean;
}

export interface ArrayOption extends Documented {
  readonly type: 'array';
  readonly items: OptionSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly default?: readonly JsonValue[];
}

export interface ObjectOption extends Documented {
  readonly type: 'object';
  readonly properties: { readonly [name: string]: OptionSchema };
  readonly required?: readonly string[];
  /** Unknown keys are refused unless this is true (typos must not pass silently). */
  readonly additionalProperties?: boolean;
  readonly default?: { readonly [name: string]: JsonValue };
}

export interface AnyOfOption extends Documented {
  readonly anyOf: readonly OptionSchema[];
  readonly default?: JsonValue;
}

/** The options object every stage declares. */
export type OptionsSchema = ObjectOption;

export const NO_OPTIONS: OptionsSchema = { type: 'object', properties: {} };

type RequiredNames<S> = S extends { readonly required: readonly (infer R)[] } ? R : never;

type PresentKeys<S extends ObjectOption> = {
  [K in keyof S['properties']]: S['properties'][K] extends { readonly default: unknown }
    ? K
    : K extends RequiredNames<S>
      ? K
      : never;
}[keyof S['properties']];

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The TypeScript type of validated options for a schema: defaulted and required keys are present. */
export type InferOption<S> = S extends { readonly type: 'integer' | 'number' }
  ? number
  : S extends { readonly type: 'string'; readonly enum: readonly (infer E)[] }
    ? E
    : S extends { readonly type: 'string' }
      ? string
      : S extends { readonly type: 'boolean' }
        ? boolean
        : S extends { readonly type: 'array'; readonly items: infer I }
          ? InferOption<I>[]
          : S extends ObjectOption
            ? InferObject<S>
            : S extends { readonly anyOf: readonly (infer U)[] }
              ? InferOption<U>
              : JsonValue;

type InferObject<S extends ObjectOption> = Simplify<
  { readonly [K in PresentKeys<S>]: InferOption<S['properties'][K]> } & {
    readonly [K in Exclude<keyof S['properties'], PresentKeys<S>>]?: InferOption<S['properties'][K]>;
  }
>;

export type InferOptions<S extends OptionsSchema> = InferObject<S>;
