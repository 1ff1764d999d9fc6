import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCbf, parsePilatusLines } from '@beamstack/cbf';
import { decodeByteOffset } from '@beamstack/codec-byte-offset';
import { ErrorCodes, type Frame } from '@beamstack/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, testWriterContext } from '@beamstack/testkit';
import { codedRejection } from '@beamstack/testkit/vitest';
import plugin, { PACKAGE_NAME, PACKAGE_VERSION, cbfSeriesWriter, optionsSchema } from '../src/index.js';
import { H, W, expectedValues, makeMask, makeMeta, makePixels } from './helpers.js';

const OPTIONS = { prefix: 'series', digits: 6 };
let root: string;
let cleanup: () => Promise<void>;
let runs = 0;
const fresh = (): string => join(root, `run${++runs}`);
beforeAll(async () => ({ dir: root, cleanup } = await tempDir()));
afterAll(() => cleanup());

const pixelFrame = (i: number): Frame => ({ index: i, shape: [H, W], dtype: 'uint32', pixels: makePixels(i) });

describe('cbf-series writer stage', () => {
  it('is the plugin\'s only stage, takes pixels only, and knows its own version', () => {
    expect(plugin.stages).toEqual([cbfSeriesWriter]);
    expect(cbfSeriesWriter).toMatchObject({ kind: 'writer', id: 'cbf-series', accepts: { pixels: true, encoded: [] } });
    expect(typeof cbfSeriesWriter.prepare).toBe('function');
    expect(optionsSchema.properties.prefix.default).toBe('series');
    expect(optionsSchema.properties.digits.default).toBe(6);
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { name: string; version: string };
    expect([PACKAGE_NAME, PACKAGE_VERSION]).toEqual([pkg.name, pkg.version]);
  });

  it('writes one file per frame under hidden temporary names, renamed at close', async () => {
    const out = fresh();
    const ctx = testWriterContext(out);
    const meta = makeMeta();
    const session = await cbfSeriesWriter.open(meta, OPTIONS, ctx);
    for (let i = 0; i < 3; i++) await session.write(pixelFrame(i));
    const before = readdirSync(out);
    expect(before).toHaveLength(3);
    expect(before.every((n) => /^\.series_00000[123]\.cbf\.partial-\d+$/.test(n))).toBe(true);
    const result = await session.close();
    expect(readdirSync(out).sort()).toEqual(['series_000001.cbf', 'series_000002.cbf', 'series_000003.cbf']);
    expect(result.frames).toBe(3);
    expect(result.files.map((f) => [f.path, f.role])).toEqual([1, 2, 3].map((n) => [join(out, `series_00000${n}.cbf`), 'frame']));
    for (const f of result.files) expect(f.bytes).toBe(readFileSync(f.path).length);
    expect(ctx.warnings.map((w) => w.message).join('\n')).toMatch(/80x64 is not a module layout dxtbx knows/);

    for (let i = 0; i < 3; i++) {
      const name = `series_00000${i + 1}.cbf`;
      const p = parseCbf(new Uint8Array(readFileSync(join(out, name))), name);
      expect(p.binary).toMatchObject({ dtype: 'int32', fastest: W, second: H, padding: 4095 });
      expect(p.paddingBytes).toBe(4095);
      expect(p.cif.dataBlock).toBe(`series_00000${i + 1}`);
      expect(p.cif.firstLine).toBe(`###CBF: VERSION 1.5, beamstack ${PACKAGE_NAME} ${PACKAGE_VERSION}`);
      const values = decodeByteOffset(p.payload, 'int32', H * W);
      expect(Array.from(values)).toEqual(Array.from(expectedValues(makePixels(i), makeMask(), meta.detector.saturationValue)));
      const lines = parsePilatusLines(p.cif.contents!);
      expect(lines.values.get('Start_angle')).toBe(`${i * 0.1} deg.`);
      expect(lines.timestamp).toBe(`2024-05-01T12:00:00.0${i}0`);
      expect(lines.values.get('N_excluded_pixels')).toBe(`${H + 2}`);
    }
  });

  it('prepare builds the whole file (the worker part); write then only stores it', async () => {
    const meta = makeMeta();
    const prepared = cbfSeriesWriter.prepare!(pixelFrame(0), { options: OPTIONS, meta });
    expect(prepared.pixels).toBeUndefined();
    expect(prepared.encoded?.codec).toBe('cbf-file');
    const viaPrepare = fresh();
    const a = await cbfSeriesWriter.open(meta, OPTIONS, testWriterContext(viaPrepare));
    await a.write(prepared);
    await a.close();
    const direct = fresh();
    const b = await cbfSeriesWriter.open(meta, OPTIONS, testWriterContext(direct));
    await b.write(pixelFrame(0));
    await b.close();
    expect(Buffer.compare(readFileSync(join(viaPrepare, 'series_000001.cbf')), readFileSync(join(direct, 'series_000001.cbf')))).toBe(0);
    expect(() => cbfSeriesWriter.prepare!({ index: 0, shape: [H, W], dtype: 'uint32', encoded: { codec: 'bslz4', params: {}, bytes: new Uint8Array(4) } }, { options: OPTIONS, meta })).toThrow(/takes pixels/);
  });

  it('abort removes everything, also what a failed close had already renamed', async () => {
    const out = fresh();
    const session = await cbfSeriesWriter.open(makeMeta(), OPTIONS, testWriterContext(out));
    for (let i = 0; i < 2; i++) await session.write(pixelFrame(i));
    await session.abort(new Error('test'));
    expect(readdirSync(out)).toEqual([]);

    // Frame 1's name is taken after open: close publishes frames 3 and 2 first (last first), then fails.
    const out2 = fresh();
    const s2 = await cbfSeriesWriter.open(makeMeta(), OPTIONS, testWriterContext(out2));
    for (let i = 0; i < 3; i++) await s2.write(pixelFrame(i));
    writeFileSync(join(out2, 'series_000001.cbf'), 'someone else');
    const e = await codedRejection(s2.close());
    expect(e.code).toBe(ErrorCodes.OUTPUT);
    expect(e.message).toMatch(/already exists; not replacing it/);
    expect(readdirSync(out2)).toEqual(['series_000001.cbf']);
    expect(readFileSync(join(out2, 'series_000001.cbf'), 'utf8')).toBe('someone else');
  });

  it('refuses to replace files, to leave the output folder and bad options', async () => {
    const out = fresh();
    const s = await cbfSeriesWriter.open(makeMeta(), OPTIONS, testWriterContext(out));
    await s.write(pixelFrame(0));
    await s.write(pixelFrame(1));
    await s.write(pixelFrame(2));
    await s.close();
    expect((await codedRejection(Promise.resolve(cbfSeriesWriter.open(makeMeta(), OPTIONS, testWriterContext(out))))).code).toBe(ErrorCodes.OUTPUT);
    for (const prefix of ['../up', 'a/b', '.hidden', 'with space', 'x..y']) {
      const e = await codedRejection(Promise.resolve(cbfSeriesWriter.open(makeMeta(), { prefix, digits: 6 }, testWriterContext(fresh()))));
      expect([e.code, e.context.option]).toEqual([ErrorCodes.OPTIONS, 'prefix']);
    }
    const digits = await codedRejection(Promise.resolve(cbfSeriesWriter.open(makeMeta(120), { prefix: 'x', digits: 2 }, testWriterContext(fresh()))));
    expect([digits.code, digits.context.option]).toEqual([ErrorCodes.OPTIONS, 'digits']);
    const badMask = await codedRejection(Promise.resolve(cbfSeriesWriter.open({ ...makeMeta(), detector: { ...makeMeta().detector, pixelMask: new Uint32Array(3) } }, OPTIONS, testWriterContext(fresh()))));
    expect(badMask.code).toBe(ErrorCodes.INPUT);
    const noWavelength = await codedRejection(Promise.resolve(cbfSeriesWriter.open({ ...makeMeta(), beam: { ...makeMeta().beam, wavelength_A: 0 } }, OPTIONS, testWriterContext(fresh()))));
    expect(noWavelength.code).toBe(ErrorCodes.OUTPUT);
  });

  it('refuses frames out of order or of the wrong size, and stays failed', async () => {
    const out = fresh();
    const s = await cbfSeriesWriter.open(makeMeta(), OPTIONS, testWriterContext(out));
    expect((await codedRejection(Promise.resolve().then(() => s.write(pixelFrame(1))))).code).toBe(ErrorCodes.INPUT);
    const wrong: Frame = { index: 0, shape: [H, W], dtype: 'uint32', pixels: new Uint32Array(5) };
    expect((await codedRejection(Promise.resolve().then(() => s.write(wrong)))).code).toBe(ErrorCodes.INPUT);
    await s.abort(null);
    expect((await codedRejection(Promise.resolve().then(() => s.write(pixelFrame(0))))).code).toBe(ErrorCodes.OUTPUT);
    expect(readdirSync(out)).toEqual([]);
  });

  it('uses more digits when asked and warns when fewer frames arrive than described', async () => {
    const out = fresh();
    const ctx = testWriterContext(out);
    const s = await cbfSeriesWriter.open(makeMeta(5), { prefix: 'run', digits: 4 }, ctx);
    await s.write(pixelFrame(0));
    const r = await s.close();
    expect(r.files.map((f) => f.path)).toEqual([join(out, 'run_0001.cbf')]);
    expect(ctx.warnings.map((w) => w.message)).toContain('wrote 1 frames; the dataset described 5');
  });
});
