/*
 * A small test-only CBF writer and binary-section reader (FORMATS.md §8.1), to hand our payloads
 * to CBFlib and to pull payloads out of files written by fabio and CBFlib. The real CBF writer and
 * reader plugins are separate packages.
 */
import type { DType, FrameShape } from '@beamstack/contract';
import { BYTE_OFFSET_CONVERSION, CBF_BINARY_MARKER, cbfElementType, contentMd5 } from '../src/index.js';

const CRLF = '\r\n';

/** A complete minimal CBF with `payload` as its x-CBF_BYTE_OFFSET data; `padding` zero bytes follow it. */
export function cbfFile(payload: Uint8Array, dtype: DType, shape: FrameShape, padding = 0): Uint8Array {
  const [height, width] = shape;
  const header = [
    '###CBF: VERSION 1.5, beamstack codec-byte-offset test writer',
    '',
    'data_byte_offset_test',
    '',
    '_array_data.data',
    ';',
    '--CIF-BINARY-FORMAT-SECTION--',
    'Content-Type: application/octet-stream;',
    `     conversions="${BYTE_OFFSET_CONVERSION}"`,
    'Content-Transfer-Encoding: BINARY',
    `X-Binary-Size: ${payload.length}`,
    'X-Binary-ID: 1',
    `X-Binary-Element-Type: "${cbfElementType(dtype)}"`,
    'X-Binary-Element-Byte-Order: LITTLE_ENDIAN',
    `Content-MD5: ${contentMd5(payload)}`,
    `X-Binary-Number-of-Elements: ${height * width}`,
    `X-Binary-Size-Fastest-Dimension: ${width}`,
    `X-Binary-Size-Second-Dimension: ${height}`,
    `X-Binary-Size-Padding: ${padding}`,
    '',
    '',
  ].join(CRLF);
  const trailer = `${CRLF}--CIF-BINARY-FORMAT-SECTION----${CRLF};${CRLF}${CRLF}`;
  return Buffer.concat([
    Buffer.from(header, 'latin1'),
    Uint8Array.from(CBF_BINARY_MARKER),
    payload,
    new Uint8Array(padding),
    Buffer.from(trailer, 'latin1'),
  ]);
}

export interface CbfBinary {
  /** Exactly X-Binary-Size bytes after the marker (padding cut off). */
  readonly payload: Uint8Array;
  readonly elementType: string;
  readonly conversions: string;
  readonly shape: FrameShape;
  readonly elements: number;
  readonly md5: string | undefined;
}

/** The binary section of a CBF file: MIME fields and the payload sliced at X-Binary-Size. */
export function readCbfBinary(file: Uint8Array): CbfBinary {
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const section = bytes.indexOf('--CIF-BINARY-FORMAT-SECTION--');
  const marker = bytes.indexOf(Uint8Array.from(CBF_BINARY_MARKER), Math.max(section, 0));
  if (section < 0 || marker < 0) throw new Error('no binary section');
  const mime = bytes.subarray(section, marker).toString('latin1');
  const field = (name: string): string | undefined => {
    const match = new RegExp(`^\\s*${name}\\s*[:=]\\s*(.*?)\\s*$`, 'im').exec(mime);
    return match?.[1];
  };
  const number = (name: string): number => {
    const value = Number(field(name));
    if (!Number.isSafeInteger(value)) throw new Error(`no ${name}`);
    return value;
  };
  const size = number('X-Binary-Size');
  const start = marker + CBF_BINARY_MARKER.length;
  if (start + size > bytes.length) throw new Error('X-Binary-Size runs past the end of the file');
  return {
    payload: Uint8Array.from(bytes.subarray(start, start + size)),
    elementType: field('X-Binary-Element-Type') ?? '',
    conversions: (field('conversions') ?? '').replace(/^"|"$/g, ''),
    shape: [number('X-Binary-Size-Second-Dimension'), number('X-Binary-Size-Fastest-Dimension')],
    elements: number('X-Binary-Number-of-Elements'),
    md5: field('Content-MD5'),
  };
}
