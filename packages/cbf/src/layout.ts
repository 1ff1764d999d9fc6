import { Buffer } from 'node:buffer';
import { CBF_BINARY_MARKER, MAX_BYTES_PER_VALUE } from '@beamstack/codec-byte-offset';
import { CBF_MAGIC, CRLF, MAX_MIME_BYTES, MAX_TEXT_BYTES, SECTION_END, SECTION_START } from './constants.js';
import { parseCifText, type CifText } from './cif-text.js';
import { cbfInputError } from './errors.js';
import { parseBinaryHeader, type BinaryHeader } from './mime.js';

/** What follows the data and their padding: the closing boundary and the end of the text field. */
const TRAILER = `${CRLF}${SECTION_END}${CRLF};${CRLF}${CRLF}`;

/**
 * A complete miniCBF file in one fresh, transferable buffer: `head` (the CIF text and the MIME
 * header, ASCII, ending with the blank line), the marker, the byte-offset payload, `padding`
 * zero bytes, then the closing boundary, exactly as CBFlib writes with PAD_4K.
 */
export function assembleCbf(head: string, payload: Uint8Array, padding: number): Uint8Array {
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(head)) throw new RangeError('CBF header text must be ASCII');
  const total = head.length + CBF_BINARY_MARKER.length + payload.length + padding + TRAILER.length;
  const out = Buffer.allocUnsafeSlow(total);
  let at = out.write(head, 0, 'latin1');
  for (const b of CBF_BINARY_MARKER) out[at++] = b;
  out.set(payload, at);
  at += payload.length;
  out.fill(0, at, at + padding);
  at += padding;
  out.write(TRAILER, at, 'latin1');
  return new Uint8Array(out.buffer, out.byteOffset, total);
}

/** A parsed miniCBF: its CIF items, its checked MIME header and where the data are. */
export interface ParsedCbf {
  readonly cif: CifText;
  readonly binary: BinaryHeader;
  /** Offset of the first payload byte (just after the marker). */
  readonly payloadOffset: number;
  /** Exactly the X-Binary-Size data bytes (a view into the file's bytes, no padding). */
  readonly payload: Uint8Array;
  /** Zero bytes between the data and the closing boundary. */
  readonly paddingBytes: number;
}

const SECTION_BYTES = Buffer.from(SECTION_START, 'latin1');
const END_BYTES = Buffer.from(SECTION_END, 'latin1');

/** Where a file's binary data start, after its text and MIME header were checked. */
export interface CbfHead {
  readonly cif: CifText;
  readonly binary: BinaryHeader;
  /** Offset of the first payload byte (just after the marker). */
  readonly payloadOffset: number;
}

/** Zero bytes of padding a reader accepts after the data (CBFlib writes 4095). */
export const MAX_PADDING = 1 << 20;

/** The largest file a frame of `elements` pixels can be (text, MIME header, payload, padding). */
export function maxCbfFileBytes(elements: number): number {
  return MAX_TEXT_BYTES + MAX_MIME_BYTES + CBF_BINARY_MARKER.length + elements * MAX_BYTES_PER_VALUE + MAX_PADDING + 256;
}

/**
 * Checks a file's text and MIME header and finds its data: the ###CBF line, the CIF items, the
 * MIME header (every field), the marker right after the MIME header's blank line. `bytes` may be
 * just the head of the file; the payload itself is not looked at.
 */
export function parseCbfHead(bytes: Uint8Array, file: string): CbfHead {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < CBF_MAGIC.length || buf.toString('latin1', 0, CBF_MAGIC.length) !== CBF_MAGIC) {
    throw cbfInputError(buf.length === 0 ? 'empty file' : 'not a CBF file: it does not start with "###CBF"', file);
  }
  const window = buf.subarray(0, Math.min(buf.length, MAX_TEXT_BYTES + SECTION_BYTES.length));
  const section = window.indexOf(SECTION_BYTES);
  if (section < 0) {
    throw cbfInputError(
      buf.length <= MAX_TEXT_BYTES ? `no binary section (${SECTION_START}): truncated or not a miniCBF` : `no binary section (${SECTION_START}) in the first ${MAX_TEXT_BYTES} bytes`,
      file,
    );
  }
  if (section === 0 || buf[section - 1] !== 0x0a) throw cbfInputError(`${SECTION_START} does not start a line`, file);
  const cif = parseCifText(buf.toString('latin1', 0, section), file);

  // The MIME header: lines after the section line, up to the first empty line.
  let lineStart = buf.indexOf(0x0a, section);
  if (lineStart < 0) throw cbfInputError('file ends inside the binary section header (truncated)', file);
  lineStart++;
  const mimeStart = lineStart;
  const limit = Math.min(buf.length, mimeStart + MAX_MIME_BYTES);
  let markerAt = -1;
  while (lineStart < limit) {
    const nl = buf.indexOf(0x0a, lineStart);
    if (nl < 0 || nl >= limit) break;
    const empty = nl === lineStart || (nl === lineStart + 1 && buf[lineStart] === 0x0d);
    if (empty) {
      markerAt = nl + 1;
      break;
    }
    lineStart = nl + 1;
  }
  if (markerAt < 0) {
    throw cbfInputError(
      limit === buf.length ? 'file ends inside the MIME header (truncated; no blank line before the data)' : `MIME header not ended by a blank line within ${MAX_MIME_BYTES} bytes`,
      file,
    );
  }
  const binary = parseBinaryHeader(buf.toString('latin1', mimeStart, markerAt), file);
  for (let k = 0; k < CBF_BINARY_MARKER.length; k++) {
    if (buf[markerAt + k] !== CBF_BINARY_MARKER[k]) {
      throw cbfInputError(
        markerAt + k >= buf.length ? 'file ends before the binary data (truncated)' : 'binary start marker 0C 1A 04 D5 missing after the MIME header',
        file,
      );
    }
  }
  return { cif, binary, payloadOffset: markerAt + CBF_BINARY_MARKER.length };
}

/**
 * Parses a whole miniCBF file strictly: the head (parseCbfHead), the payload inside the file, then
 * padding and the closing boundary. Any deviation is a BeamstackError INPUT naming `file`.
 * Nothing is allocated from a size field; the payload is a view into `bytes`.
 */
export function parseCbf(bytes: Uint8Array, file: string): ParsedCbf {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { cif, binary, payloadOffset } = parseCbfHead(bytes, file);
  const available = buf.length - payloadOffset;
  if (binary.size > available) {
    throw cbfInputError(`truncated: X-Binary-Size is ${binary.size} bytes but only ${available} follow the marker`, file);
  }
  const dataEnd = payloadOffset + binary.size;
  let at = dataEnd;
  while (at < buf.length && buf[at] === 0) at++;
  const paddingBytes = at - dataEnd;
  let newlines = 0;
  for (;;) {
    if (buf[at] === 0x0a) at++;
    else if (buf[at] === 0x0d && buf[at + 1] === 0x0a) at += 2;
    else break;
    newlines++;
  }
  if (newlines === 0 || at + END_BYTES.length > buf.length || !buf.subarray(at, at + END_BYTES.length).equals(END_BYTES)) {
    const cutShort = at >= buf.length || (newlines > 0 && END_BYTES.subarray(0, buf.length - at).equals(buf.subarray(at)));
    throw cbfInputError(
      cutShort
        ? `file ends after the data without the closing ${SECTION_END} (truncated)`
        : `no closing ${SECTION_END} right after the ${binary.size} data bytes and their padding (wrong X-Binary-Size, or corrupt)`,
      file,
    );
  }
  return { cif, binary, payloadOffset, payload: bytes.subarray(payloadOffset, dataEnd), paddingBytes };
}
