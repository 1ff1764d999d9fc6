import { copyFileSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCodes } from '@beamstack/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '@beamstack/testkit';
import { codedError, codedRejection } from '@beamstack/testkit/vitest';
import { decodeCbfFile, openCbf } from '../src/index.js';
import { decodeFrame, testContext, writeSeries } from './helpers.js';

let root: string;
let cleanup: () => Promise<void>;
let good: string[];
let n = 0;
beforeAll(async () => {
  ({ dir: root, cleanup } = await tempDir());
  good = (await writeSeries(join(root, 'good'), 3)).files;
});
afterAll(() => cleanup());

const text = (file: string): string => readFileSync(file).toString('latin1');
/** A copy of the good series in a new folder, file `k` replaced by `bytes` (a latin1 string or bytes). */
function seriesWith(k: number, bytes: string | Uint8Array): { dir: string; file: string } {
  const dir = join(root, `case${++n}`);
  mkdirSync(dir);
  good.forEach((f, i) => copyFileSync(f, join(dir, `x_00000${i + 1}.cbf`)));
  const file = join(dir, `x_00000${k + 1}.cbf`);
  writeFileSync(file, typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  return { dir, file };
}
const edit = (k: number, from: RegExp | string, to: string): { dir: string; file: string } => seriesWith(k, text(good[k]!).replace(from, to));
const open = (dir: string, verify = true) => openCbf({ path: join(dir, 'x_*.cbf'), verify, checksums: false }, testContext().ctx);

/** Opening (file 0 broken) or reading (file 2 broken) gives INPUT naming the broken file. */
async function expectRefused(k: number, bytes: string | Uint8Array, message: RegExp): Promise<void> {
  const { dir, file } = seriesWith(k, bytes);
  let e;
  if (k === 0) e = await codedRejection(open(dir));
  else {
    const session = await open(dir);
    e = await codedRejection(Promise.resolve().then(() => session.read!(k)));
    expect(e.context.frame).toBe(k);
  }
  expect(e.code).toBe(ErrorCodes.INPUT);
  expect(e.context.file).toBe(file);
  expect(e.message).toMatch(message);
}

describe('hostile CBF input: codedRejection errors naming the file', () => {
  for (const k of [0, 2]) {
    describe(k === 0 ? 'the first file (at open)' : 'a later file (at read)', () => {
      it('truncated anywhere', async () => {
        const bytes = readFileSync(good[k]!);
        const s = bytes.toString('latin1');
        const marker = s.indexOf('\x0c\x1a\x04\xd5');
        for (const cut of [0, 40, s.indexOf('--CIF-BINARY') + 5, marker - 10, marker + 2, marker + 100, bytes.length - 4095 - 50, bytes.length - 30]) {
          await expectRefused(k, bytes.subarray(0, cut), /empty file|truncated|no binary section|file ends|without the closing/);
        }
      });
      it('the binary marker missing', () => expectRefused(k, text(good[k]!).replace('\x0c\x1a\x04\xd5', '\x0c\x1a\x04\x00'), /marker 0C 1A 04 D5 missing/));
      it('a wrong X-Binary-Size', async () => {
        const size = Number(/X-Binary-Size: (\d+)/.exec(text(good[k]!))![1]);
        await expectRefused(k, text(good[k]!).replace(/X-Binary-Size: \d+/, `X-Binary-Size: ${size + 9000}`), /truncated|no closing/);
        await expectRefused(k, text(good[k]!).replace(/X-Binary-Size: \d+/, `X-Binary-Size: ${size - 7}`), /no closing/);
      });
      it('absurd dimensions and an element count that does not match', async () => {
        await expectRefused(k, text(good[k]!).replace(/Fastest-Dimension: \d+/, 'Fastest-Dimension: 99999999999'), /outside 1 \.\./);
        await expectRefused(k, text(good[k]!).replace(/Number-of-Elements: \d+/, 'Number-of-Elements: 7'), /does not match/);
      });
      it('not a CBF at all, or an unsupported element type', async () => {
        await expectRefused(k, 'GIF89a...', /does not start with "###CBF"/);
        await expectRefused(k, text(good[k]!).replace('"signed 32-bit integer"', '"signed 64-bit integer"'), /unsupported X-Binary-Element-Type/);
      });
    });
  }

  it('missing Pilatus lines the geometry needs: at open, naming the key', async () => {
    const { dir, file } = edit(0, /# Wavelength [^\r]*\r\n/, '');
    const e = await codedRejection(open(dir));
    expect([e.code, e.context.file]).toEqual([ErrorCodes.INPUT, file]);
    expect(e.message).toMatch(/lacks "# Wavelength"/);
  });

  it('a later file of another size or type', async () => {
    const other = (await writeSeries(join(root, 'other'), 1, 'y')).files[0]!;
    const bytes = text(other).replace(/Fastest-Dimension: \d+/, 'Fastest-Dimension: 8').replace(/Second-Dimension: \d+/, 'Second-Dimension: 336').replace(/Number-of-Elements: \d+/, 'Number-of-Elements: 2688');
    await expectRefused(1, bytes, /holds a 8x336 signed 32-bit integer image; the series .* is 56x48 int32/);
  });

  it('a file larger than any frame of the series can be is refused before it is read', async () => {
    const { dir, file } = seriesWith(1, readFileSync(good[1]!));
    truncateSync(file, 64 << 20);
    const session = await open(dir);
    const e = await codedRejection(Promise.resolve().then(() => session.read!(1)));
    expect([e.code, e.context.file]).toEqual([ErrorCodes.INPUT, file]);
    expect(e.message).toMatch(/more than a frame of this series can take/);
  });

  it('a wrong Content-MD5: INPUT from the worker-side decode (verify), a warning with verify: false', async () => {
    const md5 = /Content-MD5: (\S+)/.exec(text(good[1]!))![1]!;
    const wrong = md5.startsWith('A') ? `B${md5.slice(1)}` : `A${md5.slice(1)}`;
    const { dir, file } = edit(1, `Content-MD5: ${md5}`, `Content-MD5: ${wrong}`);
    const session = await open(dir);
    const frame = await session.read!(1);
    const e = codedError(() => decodeFrame(frame));
    expect([e.code, e.context.file, e.context.codec]).toEqual([ErrorCodes.INPUT, file, 'byte-offset-md5']);
    expect(e.message).toMatch(new RegExp(`Content-MD5 mismatch: the header says ${wrong.replace(/[+/]/g, '\\$&')}`));
    expect(codedError(() => decodeCbfFile(new Uint8Array(readFileSync(file)), file)).code).toBe(ErrorCodes.INPUT);

    const { ctx, warnings } = testContext();
    const lenient = await openCbf({ path: join(dir, 'x_*.cbf'), verify: false, checksums: false }, ctx);
    const f = await lenient.read!(1);
    expect(f.encoded!.codec).toBe('byte-offset');
    expect(warnings.map((w) => [w.message.slice(0, 40), w.context?.file])).toEqual([['Content-MD5 mismatch (verify: false, rea', file]]);
    expect(decodeCbfFile(new Uint8Array(readFileSync(file)), file, { verify: false }).pixels.length).toBe(48 * 56);

    const first = edit(0, /Content-MD5: \S+/, `Content-MD5: ${wrong}`);
    const atOpen = await codedRejection(open(first.dir));
    expect([atOpen.code, atOpen.context.file]).toEqual([ErrorCodes.INPUT, first.file]);
  });

  it('a payload that does not decode (MD5 made to match): DECODE naming the file and codec', async () => {
    const bytes = new Uint8Array(readFileSync(good[2]!));
    const s = Buffer.from(bytes).toString('latin1');
    const start = s.indexOf('\x0c\x1a\x04\xd5') + 4;
    const size = Number(/X-Binary-Size: (\d+)/.exec(s)![1]);
    const broken = bytes.slice();
    broken[start + size - 1] = 0x80; // an escape byte with nothing after it
    const { createHash } = await import('node:crypto');
    const md5 = createHash('md5').update(broken.subarray(start, start + size)).digest('base64');
    const fixed = Buffer.from(Buffer.from(broken).toString('latin1').replace(/Content-MD5: \S+/, `Content-MD5: ${md5}`), 'latin1');
    const e = codedError(() => decodeCbfFile(new Uint8Array(fixed), 'bad.cbf'));
    expect([e.code, e.context.file, e.context.codec]).toEqual([ErrorCodes.DECODE, 'bad.cbf', 'byte-offset-md5']);
    expect(e.message).toMatch(/truncated|too few/);
  });

  it('a file with no Content-MD5 is read unchecked, with one warning', async () => {
    const { dir } = edit(1, /Content-MD5: \S+\r\n/, '');
    const { ctx, warnings } = testContext();
    const session = await openCbf({ path: join(dir, 'x_*.cbf'), verify: true, checksums: false }, ctx);
    const frame = await session.read!(1);
    expect(frame.encoded!.params['md5']).toBeUndefined();
    await session.read!(1);
    expect(warnings.filter((w) => /no Content-MD5/.test(w.message))).toHaveLength(1);
    expect(decodeFrame(frame).length).toBe(48 * 56);
  });
});
