import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes, BeamstackError, type CodecStage, type SourceStage } from '@beamstack/contract';
import { codecCatalog, framePixels, openRendered, readAllFrames, tempDir, testHostContext, testWriterContext } from '../src/index.js';
import { codedError, codedRejection } from '../src/vitest.js';
import { prng, readGoldenChunks, readRecords, samplePixels, sameBytes, writeRecords } from '../src/data/index.js';

const LZ4_FIXTURES = fileURLToPath(new URL('../../../test/fixtures/lz4/', import.meta.url));

let dir = '';
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir('beamstack-testkit-')));
afterAll(() => cleanup());

describe('test data', () => {
  it('records round-trip any byte strings, empty ones included', () => {
    const records = [new Uint8Array(0), Uint8Array.of(1, 2, 3), new Uint8Array(70_000).fill(7)];
    writeRecords(join(dir, 'r.bin'), records);
    expect(readRecords(join(dir, 'r.bin'))).toEqual(records);
  });

  it('sample pixels are deterministic per seed and fit their dtype', () => {
    expect(sameBytes(samplePixels('int16', 500, 'random', 3), samplePixels('int16', 500, 'random', 3))).toBe(true);
    expect(sameBytes(samplePixels('int16', 500, 'random', 3), samplePixels('int16', 500, 'random', 4))).toBe(false);
    expect(Array.from(samplePixels('int8', 4, 'saturated'))).toEqual([-1, -1, -1, -1]);
    expect(prng(9)()).toBe(prng(9)());
  });

  it('golden chunks load with their pixels, and a damaged fixture is refused', () => {
    const golden = readGoldenChunks(LZ4_FIXTURES);
    expect(golden[0]).toMatchObject({ name: 'u16_1x4_raw', info: { shape: [1, 4], dtype: 'uint16' } });
    expect(Array.from(golden[0]!.pixels)).toEqual([0, 1, 2, 3]);
    const damaged = join(dir, 'damaged');
    mkdirSync(damaged);
    for (const f of ['manifest.json', ...golden.flatMap((g) => [`${g.name}.chunk`, `${g.name}.pixels`])]) copyFileSync(join(LZ4_FIXTURES, f), join(damaged, f));
    writeFileSync(join(damaged, 'u16_1x4_raw.pixels'), Uint8Array.of(1, 0, 1, 0, 2, 0, 3, 0));
    expect(() => readGoldenChunks(damaged)).toThrow(/u16_1x4_raw.pixels/);
  });
});

describe('contexts and sources', () => {
  const codec = { id: 'c1', kind: 'codec', hdf5: { paramsFromFilters: (f: readonly { id: number }[]) => (f[0]?.id === 7 ? { x: 1 } : null) } } as unknown as CodecStage;

  it('a codec catalog finds codecs by id and by the pipeline they claim', () => {
    const catalog = codecCatalog([codec]);
    expect(catalog.get('c1')).toBe(codec);
    expect(catalog.get('c2')).toBeUndefined();
    expect(catalog.fromHdf5Filters([{ id: 7, flags: 0, cdValues: [] }], 'uint8')).toEqual({ codec, params: { x: 1 } });
    expect(catalog.fromHdf5Filters([{ id: 8, flags: 0, cdValues: [] }], 'uint8')).toBeUndefined();
  });

  it('contexts collect warnings where asked', () => {
    const seen: string[] = [];
    testHostContext({ onWarn: (m) => seen.push(m) }).warn('a', { frame: 1 });
    expect(seen).toEqual(['a']);
    const w = testWriterContext('/out');
    w.warn('b', { stage: 's' });
    expect(w).toMatchObject({ outDir: '/out', baseDir: '/out', encoding: null, warnings: [{ message: 'b', context: { stage: 's' } }] });
  });

  it('renders a source with its render hook and reads a session frame by frame', async () => {
    const meta = { frameCount: 2 };
    const source = {
      id: 'gen',
      kind: 'source',
      open: () => ({ meta, read: (i: number) => ({ index: i, shape: [1, 2], dtype: 'uint8', pixels: Uint8Array.of(i, i) }) }),
      render: (i: number) => ({ index: i, shape: [1, 2], dtype: 'uint8', pixels: Uint8Array.of(i, 9) }),
    } as unknown as SourceStage<{ n: number }>;
    const rendered = await openRendered(source, { n: 1 });
    expect(Array.from(rendered.render(1))).toEqual([1, 9]);
    const frames = await readAllFrames(await source.open({ n: 1 }, testHostContext()));
    expect(frames.map((f) => Array.from(framePixels(f, [])))).toEqual([[0, 0], [1, 1]]);
    await expect(openRendered({ ...source, id: 'no-render', render: undefined }, { n: 1 })).rejects.toThrow(/no render hook/);
  });

  it('coded helpers return the BeamstackError thrown', async () => {
    const error = new BeamstackError(ErrorCodes.INPUT, 'x');
    expect(codedError(() => { throw error; })).toBe(error);
    expect(await codedRejection(Promise.reject(error))).toBe(error);
  });
});
