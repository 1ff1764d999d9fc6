import { BYTE_OFFSET_CONVERSION, CBF_64BIT_ELEMENT_TYPES, MAX_BYTES_PER_VALUE, cbfElementType, dtypeFromCbfElementType } from '@beamstack/codec-byte-offset';
import type { DType } from '@beamstack/contract';
import { CRLF, MAX_DIMENSION, MAX_PIXELS, SECTION_START } from './constants.js';
import { cbfInputError } from './errors.js';

/** The MIME header of a binary section, every field checked (FORMATS.md §8.1). */
export interface BinaryHeader {
  /** X-Binary-Size: bytes of byte-offset data after the marker, without padding. */
  readonly size: number;
  readonly id: number | null;
  /** X-Binary-Element-Type without quotes, e.g. "signed 32-bit integer". */
  readonly elementType: string;
  readonly dtype: DType;
  /** base64 Content-MD5 of the data, or null when the file has none. */
  readonly md5: string | null;
  readonly elements: number;
  /** X-Binary-Size-Fastest-Dimension (width W). */
  readonly fastest: number;
  /** X-Binary-Size-Second-Dimension (height H). */
  readonly second: number;
  readonly third: number | null;
  /** X-Binary-Size-Padding as declared (fabio declares 1 and writes none). */
  readonly padding: number | null;
  /** Header fields we do not use (reported, never trusted). */
  readonly ignored: readonly string[];
}

export interface BinaryHeaderFields {
  readonly size: number;
  readonly dtype: DType;
  readonly md5: string;
  readonly width: number;
  readonly height: number;
  readonly padding: number;
}

/**
 * The MIME header lines after `--CIF-BINARY-FORMAT-SECTION--`, in the order and form Pilatus
 * detectors and CBFlib write them (conversions on an indented continuation line).
 */
export function buildBinaryHeader(f: BinaryHeaderFields): string {
  return [
    SECTION_START,
    'Content-Type: application/octet-stream;',
    `     conversions="${BYTE_OFFSET_CONVERSION}"`,
    'Content-Transfer-Encoding: BINARY',
    `X-Binary-Size: ${f.size}`,
    'X-Binary-ID: 1',
    `X-Binary-Element-Type: "${cbfElementType(f.dtype)}"`,
    'X-Binary-Element-Byte-Order: LITTLE_ENDIAN',
    `Content-MD5: ${f.md5}`,
    `X-Binary-Number-of-Elements: ${f.width * f.height}`,
    `X-Binary-Size-Fastest-Dimension: ${f.width}`,
    `X-Binary-Size-Second-Dimension: ${f.height}`,
    `X-Binary-Size-Padding: ${f.padding}`,
    '',
    '',
  ].join(CRLF);
}

const KNOWN = new Set([
  'content-type',
  'content-transfer-encoding',
  'content-md5',
  'x-binary-size',
  'x-binary-id',
  'x-binary-element-type',
  'x-binary-element-byte-order',
  'x-binary-number-of-elements',
  'x-binary-size-fastest-dimension',
  'x-binary-size-second-dimension',
  'x-binary-size-third-dimension',
  'x-binary-size-padding',
]);

const FIELD = /^([A-Za-z][A-Za-z0-9-]*)[ \t]*:[ \t]*(.*)$/;
const UNSIGNED = /^\d{1,16}$/;
const MD5 = /^[A-Za-z0-9+/]{22}==$/;

/**
 * Parses the MIME header text (the lines after the section-start line, up to the blank line).
 * Every field we use is required to be well formed; unknown X-Binary-* fields are refused because
 * they could change what the bytes mean.
 */
export function parseBinaryHeader(text: string, file: string): BinaryHeader {
  const fields = new Map<string, string>();
  const ignored: string[] = [];
  let last: string | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.length === 0) continue;
    if (line[0] === ' ' || line[0] === '\t') {
      if (last === null) throw cbfInputError(`MIME header starts with a continuation line: ${quote(line)}`, file);
      fields.set(last, `${fields.get(last)!} ${line.trim()}`);
      continue;
    }
    const m = FIELD.exec(line);
    if (!m) throw cbfInputError(`malformed MIME header line ${quote(line)}`, file);
    const name = m[1]!.toLowerCase();
    if (fields.has(name)) throw cbfInputError(`MIME header field ${m[1]} appears twice`, file);
    if (!KNOWN.has(name)) {
      if (name.startsWith('x-binary-')) throw cbfInputError(`unsupported MIME header field ${m[1]} (it may change how the data are laid out)`, file);
      ignored.push(m[1]!);
    }
    fields.set(name, m[2]!.trim());
    last = name;
  }

  const required = (name: string, label: string): string => {
    const v = fields.get(name);
    if (v === undefined || v === '') throw cbfInputError(`MIME header lacks ${label}`, file);
    return v;
  };
  const integer = (name: string, label: string, optional = false): number | null => {
    const v = optional ? fields.get(name) : required(name, label);
    if (v === undefined) return null;
    if (!UNSIGNED.test(v) || !Number.isSafeInteger(Number(v))) throw cbfInputError(`${label} is not a non-negative integer: ${quote(v)}`, file);
    return Number(v);
  };

  checkContentType(required('content-type', 'Content-Type'), file);
  const encoding = required('content-transfer-encoding', 'Content-Transfer-Encoding');
  if (encoding.toUpperCase() !== 'BINARY') throw cbfInputError(`unsupported Content-Transfer-Encoding ${quote(encoding)} (only BINARY)`, file);

  const elementType = required('x-binary-element-type', 'X-Binary-Element-Type');
  const dtype = dtypeFromCbfElementType(elementType);
  const bare = elementType.replace(/^"|"$/g, '').trim();
  if (dtype === undefined) {
    const why = CBF_64BIT_ELEMENT_TYPES.includes(bare) || /IEEE|real|complex/i.test(bare) ? 'unsupported' : 'unknown';
    throw cbfInputError(`${why} X-Binary-Element-Type ${quote(elementType)} (integers of 8, 16 or 32 bits only)`, file);
  }
  const order = fields.get('x-binary-element-byte-order');
  if (order !== undefined && order.toUpperCase() !== 'LITTLE_ENDIAN') {
    throw cbfInputError(`unsupported X-Binary-Element-Byte-Order ${quote(order)} (only LITTLE_ENDIAN)`, file);
  }
  const md5 = fields.get('content-md5') ?? null;
  if (md5 !== null && !MD5.test(md5)) throw cbfInputError(`malformed Content-MD5 ${quote(md5)} (expected base64 of 16 bytes)`, file);

  const fastest = integer('x-binary-size-fastest-dimension', 'X-Binary-Size-Fastest-Dimension')!;
  const second = integer('x-binary-size-second-dimension', 'X-Binary-Size-Second-Dimension')!;
  const third = integer('x-binary-size-third-dimension', 'X-Binary-Size-Third-Dimension', true);
  for (const [label, n] of [['X-Binary-Size-Fastest-Dimension', fastest], ['X-Binary-Size-Second-Dimension', second]] as const) {
    if (n < 1 || n > MAX_DIMENSION) throw cbfInputError(`${label} ${n} is outside 1 .. ${MAX_DIMENSION}`, file);
  }
  if (third !== null && third !== 1) throw cbfInputError(`X-Binary-Size-Third-Dimension ${third}: only two-dimensional images are supported`, file);
  if (fastest * second > MAX_PIXELS) throw cbfInputError(`image of ${fastest} x ${second} pixels is larger than ${MAX_PIXELS} pixels`, file);
  const elements = integer('x-binary-number-of-elements', 'X-Binary-Number-of-Elements')!;
  if (elements !== fastest * second) {
    throw cbfInputError(`X-Binary-Number-of-Elements ${elements} does not match ${fastest} x ${second} = ${fastest * second}`, file);
  }
  const size = integer('x-binary-size', 'X-Binary-Size')!;
  if (size < elements || size > elements * MAX_BYTES_PER_VALUE) {
    throw cbfInputError(`X-Binary-Size ${size} is impossible for ${elements} byte-offset values (1 to ${MAX_BYTES_PER_VALUE} bytes each)`, file);
  }
  return {
    size,
    id: integer('x-binary-id', 'X-Binary-ID', true),
    elementType: bare,
    dtype,
    md5,
    elements,
    fastest,
    second,
    third,
    padding: integer('x-binary-size-padding', 'X-Binary-Size-Padding', true),
    ignored,
  };
}

function checkContentType(value: string, file: string): void {
  const [type, ...params] = value.split(';').map((p) => p.trim());
  if (type!.toLowerCase() !== 'application/octet-stream') throw cbfInputError(`unsupported Content-Type ${quote(type!)}`, file);
  let conversions: string | undefined;
  for (const p of params) {
    if (p === '') continue;
    const eq = p.indexOf('=');
    if (eq < 0) throw cbfInputError(`malformed Content-Type parameter ${quote(p)}`, file);
    const name = p.slice(0, eq).trim().toLowerCase();
    const v = p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    if (name === 'conversions') conversions = v;
  }
  if (conversions === undefined) throw cbfInputError('Content-Type has no conversions= parameter (byte-offset data expected)', file);
  if (conversions.toLowerCase() !== BYTE_OFFSET_CONVERSION.toLowerCase()) {
    throw cbfInputError(`unsupported compression conversions="${conversions}" (only ${BYTE_OFFSET_CONVERSION})`, file);
  }
}

function quote(text: string): string {
  const short = text.length > 80 ? `${text.slice(0, 77)}...` : text;
  return JSON.stringify(short);
}
