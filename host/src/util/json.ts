import type { JsonValue } from '@beamstack/contract';

/** Deep equality of JSON values, independent of key order. */
export function sameJson(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => sameJson(v, b[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const rb = b as Readonly<Record<string, JsonValue>>;
  return ka.every((k) => k in rb && sameJson((a as Readonly<Record<string, JsonValue>>)[k], rb[k]));
}
