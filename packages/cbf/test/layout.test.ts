import { contentMd5, encodeByteOffset } from '@beamstack/codec-byte-offset';
import { describe, expect, it } from 'vitest';
import { PAD_4K, assembleCbf, buildBinaryHeader, buildCifText, parseBinaryHeader, parseCbf, parseCbfHead } from '../src/index.js';
import { ascii, expectInput } from './helpers.js';

const W = 7;
const H = 5;
const values = Int32Array.from({ length: W * H }, (_, i) => (i % 9 === 0 ? -1 : i * 37 - 40));
// The last byte of the payload must not be 0, or a size one too small would look like padding.
values[W * H - 1] = values[W * H - 2]! + 5;
const payload = encodeByteOffset(values);
const md5 = contentMd5(payload);
const mimeOf = (overrides: Record<string, string | null> = {}): string => {
  const lines = buildBinaryHeader({ size: payload.length, dtype: 'int32', md5, width: W, height: H, padding: PAD_4K }).split('\r\n');
  const out: string[] = [];
  for (const line of lines) {
    const name = /^([A-Za-z0-9-]+):/.exec(line)?.[1];
    if (name !== undefined && name in overrides) {
      const v = overrides[name];
      if (v !== null) out.push(`${name}: ${v}`);
    } else out.push(line);
  }
  return out.join('\r\n');
};
const text = buildCifText({ producer: 'test', dataBlock: 'x_000001', convention: 'PILATUS_1.2', contents: ['# Wavelength 1 A'] });
const file = (mime = mimeOf(), body: Uint8Array = payload, padding = PAD_4K): Uint8Array => assembleCbf(text + mime, body, padding);
const F = 'x_000001.cbf';

describe('miniCBF layout', () => {
  it('is laid out as Pilatus detectors and CBFlib write it', () => {
    const bytes = file();
    const s = ascii(bytes);
    expect(s.startsWith('###CBF: VERSION 1.5, test\r\n\r\ndata_x_000001\r\n\r\n_array_data.header_convention "PILATUS_1.2"\r\n')).toBe(true);
    expect(s).toContain('_array_data.header_contents\r\n;\r\n# Wavelength 1 A\r\n;\r\n\r\n_array_data.data\r\n;\r\n--CIF-BINARY-FORMAT-SECTION--\r\n');
    expect(s).toContain('Content-Type: application/octet-stream;\r\n     conversions="x-CBF_BYTE_OFFSET"\r\nContent-Transfer-Encoding: BINARY\r\n');
    const marker = s.indexOf('\x0c\x1a\x04\xd5');
    expect(s.slice(marker - 4, marker)).toBe('\r\n\r\n');
    expect(s.slice(marker - 31, marker)).toBe('X-Binary-Size-Padding: 4095\r\n\r\n');
    const end = marker + 4 + payload.length;
    expect(Buffer.from(bytes.subarray(marker + 4, end)).equals(Buffer.from(payload))).toBe(true);
    expect(bytes.subarray(end, end + PAD_4K).every((b) => b === 0)).toBe(true);
    expect(s.slice(end + PAD_4K)).toBe('\r\n--CIF-BINARY-FORMAT-SECTION----\r\n;\r\n\r\n');
  });

  it('parses back every field', () => {
    const p = parseCbf(file(), F);
    expect(p.cif).toEqual({ firstLine: '###CBF: VERSION 1.5, test', dataBlock: 'x_000001', convention: 'PILATUS_1.2', contents: ['# Wavelength 1 A'] });
    expect(p.binary).toEqual({
      size: payload.length,
      id: 1,
      elementType: 'signed 32-bit integer',
      dtype: 'int32',
      md5,
      elements: W * H,
      fastest: W,
      second: H,
      third: null,
      padding: PAD_4K,
      ignored: [],
    });
    expect(p.paddingBytes).toBe(PAD_4K);
    expect(Array.from(p.payload)).toEqual(Array.from(payload));
  });

  it('accepts LF-only files, no padding, CBFlib\'s third dimension and unknown non-binary MIME fields', () => {
    const lf = ascii(file()).replace(/\r\n/g, '\n');
    const head = lf.slice(0, lf.indexOf('\x0c\x1a\x04\xd5'));
    const p = parseCbf(assembleCbf(head, payload, 0), F);
    expect(p.binary.size).toBe(payload.length);
    const extra = parseBinaryHeader('Content-Type: application/octet-stream; conversions="x-CBF_BYTE_OFFSET"\nContent-Transfer-Encoding: binary\nX-Binary-Size: 35\nX-Binary-Element-Type: "signed 32-bit integer"\nX-Binary-Number-of-Elements: 35\nX-Binary-Size-Fastest-Dimension: 7\nX-Binary-Size-Second-Dimension: 5\nX-Binary-Size-Third-Dimension: 1\nX-Comment: hello\n', F);
    expect(extra.third).toBe(1);
    expect(extra.md5).toBeNull();
    expect(extra.ignored).toEqual(['X-Comment']);
  });
});

describe('hostile miniCBF files: each gives INPUT naming the file', () => {
  const good = file();
  const s = ascii(good);
  const marker = s.indexOf('\x0c\x1a\x04\xd5');
  const cut = (n: number): Uint8Array => good.slice(0, n);

  it('refuses empty, non-CBF and truncated files at every part', () => {
    expectInput(() => parseCbf(new Uint8Array(0), F), F, /empty file/);
    expectInput(() => parseCbf(new TextEncoder().encode('PK\u0003\u0004 not a cbf'), F), F, /does not start with "###CBF"/);
    const points: [number, RegExp][] = [
      [10, /no binary section/],
      [s.indexOf('--CIF-BINARY') + 10, /no binary section/],
      [s.indexOf('--CIF-BINARY') + 40, /file ends inside the MIME header/],
      [s.indexOf('X-Binary-Size-Padding'), /file ends inside the MIME header/],
      [marker, /file ends before the binary data/],
      [marker + 2, /file ends before the binary data/],
      [marker + 4, /truncated: X-Binary-Size is \d+ bytes but only 0 follow/],
      [marker + 4 + payload.length - 1, /truncated/],
      [marker + 4 + payload.length, /without the closing/],
      [marker + 4 + payload.length + 100, /without the closing/],
      [good.length - 12, /without the closing .*truncated/],
    ];
    for (const [n, message] of points) expectInput(() => parseCbf(cut(n), F), F, message);
  });

  it('refuses a missing or displaced binary marker', () => {
    const noMarker = good.slice();
    noMarker[marker] = 0x00;
    expectInput(() => parseCbf(noMarker, F), F, /marker 0C 1A 04 D5 missing/);
    const shifted = assembleCbf(text + mimeOf() + 'x', payload, PAD_4K);
    expectInput(() => parseCbf(shifted, F), F, /marker 0C 1A 04 D5 missing/);
  });

  it('refuses a wrong X-Binary-Size (too large, too small, impossible)', () => {
    // A size one too large takes a padding zero or the CR of the trailer, which the layout cannot
    // tell from data (the strict decoder then finds a trailing byte); two too many eat the line end.
    expectInput(() => parseCbf(file(mimeOf({ 'X-Binary-Size': String(payload.length + 2) }), payload, 0), F), F, /no closing/);
    expect(parseCbf(file(mimeOf({ 'X-Binary-Size': String(payload.length + 1) })), F).payload.length).toBe(payload.length + 1);
    expectInput(() => parseCbf(file(mimeOf({ 'X-Binary-Size': String(payload.length - 1) })), F), F, /no closing .*wrong X-Binary-Size/);
    expectInput(() => parseCbf(file(mimeOf({ 'X-Binary-Size': '1' })), F), F, /X-Binary-Size 1 is impossible for 35/);
    expectInput(() => parseCbf(file(mimeOf({ 'X-Binary-Size': '9999999999' })), F), F, /impossible/);
    expectInput(() => parseCbf(file(mimeOf({ 'X-Binary-Size': '-5' })), F), F, /not a non-negative integer/);
    expectInput(() => parseCbf(file(mimeOf({ 'X-Binary-Size': '1e3' })), F), F, /not a non-negative integer/);
    expectInput(() => parseCbf(file(mimeOf({ 'X-Binary-Size': '99999999999999999999' })), F), F, /not a non-negative integer/);
    expectInput(() => parseCbf(file(mimeOf({ 'X-Binary-Size': null })), F), F, /lacks X-Binary-Size/);
  });

  it('refuses absurd or inconsistent dimensions before allocating anything', () => {
    expectInput(() => parseCbf(file(mimeOf({ 'X-Binary-Size-Fastest-Dimension': '0' })), F), F, /outside 1 \.\./);
    expectInput(() => parseCbf(file(mimeOf({ 'X-Binary-Size-Second-Dimension': '4294967296' })), F), F, /outside 1 \.\./);
    expectInput(
      () => parseCbf(file(mimeOf({ 'X-Binary-Size-Fastest-Dimension': '1000000', 'X-Binary-Size-Second-Dimension': '1000000', 'X-Binary-Number-of-Elements': '1000000000000' })), F),
      F,
      /larger than/,
    );
    expectInput(() => parseCbf(file(mimeOf({ 'X-Binary-Number-of-Elements': '36' })), F), F, /Number-of-Elements 36 does not match 7 x 5 = 35/);
    expectInput(() => parseCbf(file(mimeOf({ 'X-Binary-Number-of-Elements': null })), F), F, /lacks X-Binary-Number-of-Elements/);
    expectInput(() => parseCbf(file(mimeOf({ 'X-Binary-Size-Fastest-Dimension': null })), F), F, /lacks X-Binary-Size-Fastest-Dimension/);
    expectInput(() => parseCbf(file(mimeOf({ 'X-Binary-Size-Padding': 'lots' })), F), F, /X-Binary-Size-Padding is not/);
    const third = mimeOf().replace('X-Binary-Size-Padding', 'X-Binary-Size-Third-Dimension: 2\r\nX-Binary-Size-Padding');
    expectInput(() => parseCbf(file(third), F), F, /only two-dimensional/);
  });

  it('refuses what it cannot decode: other compressions, types, byte orders, encodings', () => {
    expectInput(() => parseCbf(file(mimeOf({ 'X-Binary-Element-Type': '"signed 64-bit integer"' })), F), F, /unsupported X-Binary-Element-Type/);
    expectInput(() => parseCbf(file(mimeOf({ 'X-Binary-Element-Type': '"signed 32-bit real IEEE"' })), F), F, /unsupported X-Binary-Element-Type/);
    expectInput(() => parseCbf(file(mimeOf({ 'X-Binary-Element-Type': '"mystery"' })), F), F, /unknown X-Binary-Element-Type/);
    expectInput(() => parseCbf(file(mimeOf({ 'X-Binary-Element-Type': null })), F), F, /lacks X-Binary-Element-Type/);
    expectInput(() => parseCbf(file(mimeOf({ 'X-Binary-Element-Byte-Order': 'BIG_ENDIAN' })), F), F, /only LITTLE_ENDIAN/);
    expectInput(() => parseCbf(file(mimeOf({ 'Content-Transfer-Encoding': 'BASE64' })), F), F, /only BINARY/);
    expectInput(() => parseCbf(file(mimeOf({ 'Content-Type': 'text/plain' })), F), F, /unsupported Content-Type/);
    const packed = mimeOf().replace('x-CBF_BYTE_OFFSET', 'x-CBF_PACKED');
    expectInput(() => parseCbf(file(packed), F), F, /only x-CBF_BYTE_OFFSET/);
    const none = mimeOf().replace('\r\n     conversions="x-CBF_BYTE_OFFSET"', '');
    expectInput(() => parseCbf(file(none), F), F, /no conversions=/);
  });

  it('refuses malformed, duplicate and unknown X-Binary MIME fields', () => {
    expectInput(() => parseCbf(file(mimeOf({ 'Content-MD5': 'not base64' })), F), F, /malformed Content-MD5/);
    expectInput(() => parseCbf(file(mimeOf().replace('X-Binary-ID: 1', 'X-Binary-ID: 1\r\nX-Binary-ID: 2')), F), F, /appears twice/);
    expectInput(() => parseCbf(file(mimeOf().replace('X-Binary-ID: 1', 'X-Binary-Element-Real: x')), F), F, /unsupported MIME header field X-Binary-Element-Real/);
    expectInput(() => parseCbf(file(mimeOf().replace('X-Binary-ID: 1', 'this line has no colon')), F), F, /malformed MIME header line/);
  });

  it('refuses CIF text without a data block, the _array_data.data item or a closed text field', () => {
    const bad = (t: string): Uint8Array => assembleCbf(t + mimeOf(), payload, 0);
    expectInput(() => parseCbf(bad(text.replace('data_x_000001', 'nothing')), F), F, /no CIF data block/);
    expectInput(() => parseCbf(bad(text.replace('_array_data.data', '_array_data.other')), F), F, /no _array_data.data item|not closed/);
    expectInput(() => parseCbf(bad(text.replace('_array_data.data\r\n;\r\n', '')), F), F, /no _array_data.data item/);
    expectInput(() => parseCbf(bad(text.replace(';\r\n\r\n_array_data.data', '\r\n_array_data.data')), F), F, /not closed by a ';' line|no _array_data.data/);
    expectInput(() => parseCbf(bad(text.replace('\r\n--', '--').replace('_array_data.data\r\n;\r\n', '_array_data.data\r\n;')), F), F, /does not start a line|not closed/);
  });

  it('reads the head of a file without its payload, and bounds how far it looks', () => {
    const h = parseCbfHead(good.slice(0, marker + 4), F);
    expect(h.payloadOffset).toBe(marker + 4);
    const huge = new Uint8Array((1 << 20) + 100).fill(0x20);
    huge.set(new TextEncoder().encode('###CBF: VERSION 1.5\r\n'));
    expectInput(() => parseCbf(huge, F), F, /no binary section .* in the first 1048576 bytes/);
    const longMime = assembleCbf(text + `--CIF-BINARY-FORMAT-SECTION--\r\n${'X-Comment: x\r\n'.repeat(6000)}`, payload, 0);
    expectInput(() => parseCbf(longMime, F), F, /not ended by a blank line within/);
  });
});
