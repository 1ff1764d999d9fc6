import type { Cursor } from '../cursor.js';
import { Limits } from '../limits.js';

/** String padding: 0 NUL-terminated, 1 NUL-padded, 2 space-padded. */
export type StringPadding = 0 | 1 | 2;

export type Datatype =
  | { readonly class: 'fixed'; readonly size: number; readonly signed: boolean; readonly littleEndian: boolean }
  | { readonly class: 'float'; readonly size: number; readonly littleEndian: boolean; readonly ieee: boolean }
  | { readonly class: 'string'; readonly size: number; readonly padding: StringPadding; readonly utf8: boolean }
  | { readonly class: 'vlen-string'; readonly size: number; readonly padding: StringPadding; readonly utf8: boolean }
  | { readonly class: 'enum'; readonly size: number; readonly base: Datatype }
  | { readonly class: 'array'; readonly size: number; readonly dims: readonly number[]; readonly base: Datatype }
  | { readonly class: 'other'; readonly size: number; readonly name: string };

/**
 * Datatype message (versions 1-4). Decodes the classes a reader of numbers and strings needs and
 * skips the others exactly (their encoded length matters when they are nested), reporting them
 * as 'other'. Nesting depth is bounded.
 */
export function parseDatatype(c: Cursor, depth = 0): Datatype {
  if (depth > Limits.datatypeDepth) c.fail('datatype nesting is too deep');
  const classAndVersion = c.u8();
  const cls = classAndVersion & 0x0f;
  const version = classAndVersion >> 4;
  if (version < 1 || version > 5) c.fail(`unsupported datatype version ${version}`);
  const b0 = c.u8();
  const b1 = c.u8();
  const b2 = c.u8();
  const bits = b0 | (b1 << 8) | (b2 << 16);
  const size = c.u32();
  const other = (name: string): Datatype => ({ class: 'other', size, name });

  switch (cls) {
    case 0: {
      c.skip(4); // bit offset, precision
      return { class: 'fixed', size, signed: (bits & 0x08) !== 0, littleEndian: (bits & 0x01) === 0 };
    }
    case 1: {
      c.u16(); // bit offset
      const precision = c.u16();
      c.u8(); // exponent location
      const exponentSize = c.u8();
      c.u8(); // mantissa location
      const mantissaSize = c.u8();
      c.u32(); // exponent bias
      const order = (bits & 0x01) | ((bits >> 5) & 0x02);
      const ieee =
        order <= 1 &&
        ((size === 2 && exponentSize === 5 && mantissaSize === 10) ||
          (size === 4 && exponentSize === 8 && mantissaSize === 23) ||
          (size === 8 && exponentSize === 11 && mantissaSize === 52)) &&
        precision === size * 8;
      return { class: 'float', size, littleEndian: order === 0, ieee };
    }
    case 2:
      c.skip(2);
      return other('time');
    case 3:
      return { class: 'string', size, padding: paddingOf(bits & 0x0f), utf8: ((bits >> 4) & 0x0f) === 1 };
    case 4:
      c.skip(4);
      return other('bitfield');
    case 5: {
      const tagLength = bits & 0xff;
      c.skip(tagLength);
      return other('opaque');
    }
    case 6:
      skipCompoundMembers(c, version, bits & 0xffff, size, depth);
      return other('compound');
    case 7:
      if (version >= 4) c.skip(c.remaining); // 1.12 references carry no length here; they are never nested in what we read
      return other('reference');
    case 8: {
      const base = parseDatatype(c, depth + 1);
      const members = bits & 0xffff;
      for (let i = 0; i < members; i++) {
        const start = c.pos;
        c.cstringBytes();
        if (version < 3) c.align(8, start);
      }
      c.skip(members * base.size);
      return { class: 'enum', size, base };
    }
    case 9: {
      const base = parseDatatype(c, depth + 1);
      if ((bits & 0x0f) === 1) {
        return { class: 'vlen-string', size, padding: paddingOf((bits >> 4) & 0x0f), utf8: ((bits >> 8) & 0x0f) === 1 };
      }
      return other(`variable-length sequence of ${base.class}`);
    }
    case 10: {
      const rank = c.u8();
      if (rank > Limits.rank) c.fail(`array datatype rank ${rank} exceeds ${Limits.rank}`);
      if (version < 3) c.skip(3);
      const dims: number[] = [];
      for (let i = 0; i < rank; i++) dims.push(c.u32());
      if (version < 3) c.skip(4 * rank); // permutation
      const base = parseDatatype(c, depth + 1);
      return { class: 'array', size, dims, base };
    }
    case 11:
      c.skip(c.remaining);
      return other('complex');
    default:
      return c.fail(`unknown datatype class ${cls}`);
  }
}

function paddingOf(code: number): StringPadding {
  return code === 1 ? 1 : code === 2 ? 2 : 0;
}

function skipCompoundMembers(c: Cursor, version: number, members: number, size: number, depth: number): void {
  const offsetWidth = size < 0x100 ? 1 : size < 0x1_0000 ? 2 : size < 0x100_0000 ? 3 : 4;
  for (let i = 0; i < members; i++) {
    const start = c.pos;
    c.cstringBytes();
    if (version < 3) {
      c.align(8, start);
      c.u32(); // byte offset
      if (version === 1) c.skip(1 + 3 + 4 + 4 + 16); // dimensionality, reserved, permutation, reserved, dims
    } else {
      c.skip(offsetWidth);
    }
    parseDatatype(c, depth + 1);
  }
}

/** A short description ("uint32", "float64", "string", ...) for error messages. */
export function describeDatatype(t: Datatype): string {
  switch (t.class) {
    case 'fixed':
      return `${t.signed ? 'int' : 'uint'}${t.size * 8}`;
    case 'float':
      return `float${t.size * 8}`;
    case 'string':
      return `string(${t.size})`;
    case 'vlen-string':
      return 'variable-length string';
    case 'enum':
      return `enum of ${describeDatatype(t.base)}`;
    case 'array':
      return `array [${t.dims.join(', ')}] of ${describeDatatype(t.base)}`;
    case 'other':
      return t.name;
  }
}
