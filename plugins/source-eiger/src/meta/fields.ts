import type { H5Value, H5wasmFile } from '../h5/h5wasm-file.js';
import { unitFactor, type Quantity } from '../units.js';
import type { Notes } from './notes.js';

/** Typed access to NXmx fields with units honoured; absent or unusable fields read as undefined. */
export class Fields {
  constructor(
    readonly file: H5wasmFile,
    readonly notes: Notes,
  ) {}

  raw(path: string): H5Value | undefined {
    return this.file.value(path);
  }

  /** A finite number from a scalar or one-element dataset. */
  num(path: string | null): number | undefined {
    if (path === null) return undefined;
    return firstNumber(this.file.value(path));
  }

  nums(path: string | null): number[] | undefined {
    if (path === null) return undefined;
    const v = this.file.value(path);
    if (typeof v === 'number') return [v];
    if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return v as number[];
    return undefined;
  }

  str(path: string | null): string | undefined {
    if (path === null) return undefined;
    return asString(this.file.value(path));
  }

  attrStr(path: string | null, name: string): string | undefined {
    if (path === null) return undefined;
    return asString(this.file.attr(path, name));
  }

  attrNums(path: string | null, name: string): number[] | undefined {
    if (path === null) return undefined;
    const v = this.file.attr(path, name);
    if (typeof v === 'number') return [v];
    if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x))) return v as number[];
    return undefined;
  }

  /**
   * The factor that converts this dataset's values to the base unit of `quantity`. Without a
   * units attribute the field's customary unit is assumed; an unknown spelling is reported.
   */
  factor(path: string, quantity: Quantity, customary: string, attrName = 'units'): number {
    const units = this.attrStr(path, attrName);
    const assumed = unitFactor(quantity, customary)!;
    if (units === undefined || units.trim() === '') return assumed;
    const f = unitFactor(quantity, units);
    if (f === null) {
      this.notes.warn(`unknown ${quantity} unit ${JSON.stringify(units)}; assuming ${customary}`, { dataset: path });
      return assumed;
    }
    return f;
  }

  /** A scalar with units converted to the base unit (m, deg, s, eV). */
  quantity(path: string | null, quantity: Quantity, customary: string): number | undefined {
    if (path === null) return undefined;
    const v = this.num(path);
    return v === undefined ? undefined : v * this.factor(path, quantity, customary);
  }

  quantities(path: string | null, quantity: Quantity, customary: string): number[] | undefined {
    if (path === null) return undefined;
    const v = this.nums(path);
    if (v === undefined) return undefined;
    const f = this.factor(path, quantity, customary);
    return v.map((x) => x * f);
  }

  /** 0/1 flags (integers, booleans or "true"/"false" strings). */
  flag(path: string | null): boolean | undefined {
    if (path === null) return undefined;
    const v = this.file.value(path);
    const n = firstNumber(v);
    if (n !== undefined) return n !== 0;
    const s = asString(v)?.trim().toLowerCase();
    if (s === 'true' || s === 'yes') return true;
    if (s === 'false' || s === 'no') return false;
    return undefined;
  }
}

export function firstNumber(v: H5Value | undefined): number | undefined {
  const n = typeof v === 'number' ? v : Array.isArray(v) && v.length === 1 && typeof v[0] === 'number' ? v[0] : undefined;
  return n !== undefined && Number.isFinite(n) ? n : undefined;
}

export function asString(v: H5Value | undefined): string | undefined {
  if (typeof v === 'string') return stripNul(v);
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'string') return stripNul(v[0]);
  return undefined;
}

/** Fixed-length strings may carry NUL padding past the text. */
function stripNul(s: string): string {
  const i = s.indexOf('\0');
  return i < 0 ? s : s.slice(0, i);
}
