import { BeamstackError, type ErrorCode, type JsonObject, type JsonValue } from '@beamstack/contract';

/** Deepest nesting accepted inside stage options (the checker recurses; hostile JSON nests deeper). */
export const MAX_JSON_DEPTH = 64;
/** Longest string accepted anywhere in a manifest. */
export const MAX_STRING = 64 * 1024;

/**
 * Typed reads of untrusted parsed JSON. Every failure is one BeamstackError naming the file and
 * the field ("files[3].sha256"), so a user sees exactly what to fix.
 */
export class FieldReader {
  constructor(
    private readonly code: ErrorCode,
    private readonly file: string,
  ) {}

  fail(field: string, message: string): never {
    throw new BeamstackError(this.code, `${this.file}: ${field}: ${message}`, { file: this.file });
  }

  object(value: unknown, field: string): Readonly<Record<string, unknown>> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(field, `must be an object, got ${kindOf(value)}`);
    return value as Record<string, unknown>;
  }

  array(value: unknown, field: string, maxLength: number): readonly unknown[] {
    if (!Array.isArray(value)) this.fail(field, `must be an array, got ${kindOf(value)}`);
    if (value.length > maxLength) this.fail(field, `has ${value.length} entries; at most ${maxLength} are accepted`);
    return value;
  }

  string(value: unknown, field: string, options: { nonEmpty?: boolean; max?: number } = {}): string {
    if (typeof value !== 'string') this.fail(field, `must be a string, got ${kindOf(value)}`);
    const max = options.max ?? MAX_STRING;
    if (value.length > max) this.fail(field, `is ${value.length} characters long; at most ${max} are accepted`);
    if (options.nonEmpty && value.length === 0) this.fail(field, 'must not be empty');
    return value;
  }

  integer(value: unknown, field: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) this.fail(field, `must be a whole number, got ${describe(value)}`);
    if (value < min || value > max) this.fail(field, `must be between ${min} and ${max}, got ${value}`);
    return value;
  }

  literal<T extends string | number>(value: unknown, field: string, allowed: readonly T[]): T {
    if (!allowed.includes(value as T)) this.fail(field, `must be ${allowed.map((a) => JSON.stringify(a)).join(' or ')}, got ${describe(value)}`);
    return value as T;
  }

  sha256(value: unknown, field: string): string {
    const text = this.string(value, field, { max: 64 });
    if (!/^[0-9a-f]{64}$/.test(text)) this.fail(field, `must be 64 lowercase hex digits (SHA-256), got ${describe(text)}`);
    return text;
  }

  /** A JSON object of bounded depth, copied so the result holds nothing but plain JSON. */
  jsonObject(value: unknown, field: string): JsonObject {
    const copy = this.json(value, field, 0);
    if (typeof copy !== 'object' || copy === null || Array.isArray(copy)) this.fail(field, `must be an object, got ${kindOf(value)}`);
    return copy as JsonObject;
  }

  private json(value: unknown, field: string, depth: number): JsonValue {
    if (depth > MAX_JSON_DEPTH) this.fail(field, `nests deeper than ${MAX_JSON_DEPTH} levels`);
    if (value === null || typeof value === 'boolean') return value;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) this.fail(field, 'must be a finite number');
      return value;
    }
    if (typeof value === 'string') return this.string(value, field);
    if (Array.isArray(value)) return value.map((item, i) => this.json(item, `${field}[${i}]`, depth + 1));
    if (typeof value === 'object') {
      const out: Record<string, JsonValue> = {};
      for (const [key, item] of Object.entries(value)) {
        Object.defineProperty(out, key, { value: this.json(item, `${field}.${key}`, depth + 1), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    this.fail(field, `is not JSON (${typeof value})`);
  }
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${describe(value)}`;
}

/** A short, safe rendering of a bad value for an error message. */
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  return Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : typeof value;
}
