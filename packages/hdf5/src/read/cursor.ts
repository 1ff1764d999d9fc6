import { malformed, type ReadContext } from './errors.js';

/** Sizes of file addresses ("offsets") and lengths, from the superblock. */
export interface Widths {
  readonly offsetSize: number;
  readonly lengthSize: number;
}

const TWO_POW_32 = 2 ** 32;

/**
 * Little-endian decoder over one metadata block. Every read is bounds-checked against the block
 * and fails with an INPUT error naming `what`, so a corrupt length can never make a decoder read
 * outside its buffer. Integers wider than 53 bits decode to Infinity, which every later range
 * check rejects.
 */
export class Cursor {
  private readonly view: DataView;
  pos: number;

  constructor(
    readonly bytes: Uint8Array,
    readonly ctx: ReadContext,
    readonly what: string,
    readonly widths: Widths = { offsetSize: 8, lengthSize: 8 },
    start = 0,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
  }

  get length(): number {
    return this.bytes.length;
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  /** Fails unless `n` more bytes are available. */
  need(n: number): void {
    if (!(n >= 0) || this.pos + n > this.bytes.length) {
      throw malformed(this.ctx, `${this.what} is truncated (needs ${n} more bytes at offset ${this.pos}, has ${this.remaining})`);
    }
  }

  fail(message: string): never {
    throw malformed(this.ctx, `${this.what}: ${message}`);
  }

  skip(n: number): this {
    this.need(n);
    this.pos += n;
    return this;
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.pos++]!;
  }

  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  /** Unsigned little-endian integer of 1..8 bytes (values above 2^53 become Infinity). */
  uint(width: number): number {
    if (width < 1 || width > 8) this.fail(`invalid integer width ${width}`);
    this.need(width);
    let value = 0;
    let scale = 1;
    for (let i = 0; i < width; i++) {
      value += this.bytes[this.pos + i]! * scale;
      scale *= 256;
    }
    this.pos += width;
    return Number.isSafeInteger(value) ? value : Infinity;
  }

  /** Unsigned 64-bit value, exact. */
  u64big(): bigint {
    this.need(8);
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** Unsigned 64-bit value as a number (Infinity above 2^53). */
  u64(): number {
    this.need(8);
    const lo = this.view.getUint32(this.pos, true);
    const hi = this.view.getUint32(this.pos + 4, true);
    this.pos += 8;
    return hi >= 0x20_0000 ? Infinity : hi * TWO_POW_32 + lo;
  }

  /** True when the next `width` bytes are all 0xff (HDF5's "undefined address" / "unlimited"). */
  private allOnes(width: number): boolean {
    this.need(width);
    for (let i = 0; i < width; i++) if (this.bytes[this.pos + i] !== 0xff) return false;
    return true;
  }

  /** A file address ("Size of Offsets" bytes); null for the undefined address. */
  address(): number | null {
    const width = this.widths.offsetSize;
    if (this.allOnes(width)) {
      this.pos += width;
      return null;
    }
    return this.uint(width);
  }

  /** A length ("Size of Lengths" bytes). */
  lengthField(): number {
    return this.uint(this.widths.lengthSize);
  }

  /** A dimension size or maximum: null when all bits are set (unlimited). */
  dimension(width: number): number | null {
    if (this.allOnes(width)) {
      this.pos += width;
      return null;
    }
    return this.uint(width);
  }

  /** A view of the next `n` bytes (not a copy). */
  bytesView(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** Bytes up to (not including) the next NUL, which is consumed; fails if there is none. */
  cstringBytes(): Uint8Array {
    const end = this.bytes.indexOf(0, this.pos);
    if (end < 0) this.fail('string without terminating NUL');
    const out = this.bytes.subarray(this.pos, end);
    this.pos = end + 1;
    return out;
  }

  /** Skips to the next multiple of `alignment` counted from `origin`. */
  align(alignment: number, origin = 0): this {
    const rel = this.pos - origin;
    const pad = (alignment - (rel % alignment)) % alignment;
    return this.skip(pad);
  }

  /** Signature check: the next bytes must spell `signature`. */
  expectSignature(signature: string): void {
    this.need(signature.length);
    for (let i = 0; i < signature.length; i++) {
      if (this.bytes[this.pos + i] !== signature.charCodeAt(i)) {
        this.fail(`bad signature (expected "${signature}")`);
      }
    }
    this.pos += signature.length;
  }
}

const utf8Decoder = new TextDecoder('utf-8');

/** Names and strings in HDF5 are ASCII or UTF-8; invalid sequences become U+FFFD. */
export function decodeText(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes);
}

/** Number of bytes needed to store `value` (HDF5's "limit encode size": at least one). */
export function bytesToEncode(value: number): number {
  let bytes = 1;
  let v = Math.floor(value / 256);
  while (v > 0) {
    bytes++;
    v = Math.floor(v / 256);
  }
  return bytes;
}

/** floor(log2(value)) for value >= 1. */
export function log2Floor(value: number): number {
  let n = 0;
  let v = value;
  while (v >= 2) {
    v = Math.floor(v / 2);
    n++;
  }
  return n;
}

export function isPowerOfTwo(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0 && 2 ** log2Floor(value) === value;
}
