import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCodes, type DatasetMeta, type Frame, type WriterSession } from '@beamstack/contract';
import { tempDir, testMeta, type TestWriterContext, testWriterContext } from '@beamstack/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cbfSeriesWriter, optionsSchema } from '../src/index.js';
import { H, W, makeMask, makePixels } from './helpers.js';

const RESUME = { prefix: 's', digits: 6, resume: true };
let root: string;
let cleanup: () => Promise<void>;
let runs = 0;
const fresh = (): string => {
  const dir = join(root, `run${++runs}`);
  mkdirSync(dir);
  return dir;
};
beforeAll(async () => ({ dir: root, cleanup } = await tempDir()));
afterAll(() => cleanup());

const STEP = { plugin: '@beamstack/source-simulate', version: '0.1.0', stage: 'simulate', options: { seed: 1 }, time: '2024-05-01T12:00:00.000Z', host: 'h' };
const WRITER_STEP = { plugin: '@beamstack/writer-cbf', version: '0.1.0', stage: 'cbf-series', options: { prefix: 's', resume: true }, time: '2024-05-01T12:00:01.000Z', host: 'h' };

/** 4 frames of H × W with the test mask, and the steps that made them. */
function meta4(change: (m: DatasetMeta) => DatasetMeta = (m) => m): DatasetMeta {
  const base = testMeta({ shape: [H, W], dtype: 'uint32', frameCount: 4, mask: makeMask() });
  return change({ ...base, provenance: { inputs: [], steps: [STEP, WRITER_STEP] } });
}

const pixelFrame = (i: number): Frame => ({ index: i, shape: [H, W], dtype: 'uint32', pixels: makePixels(i) });

async function open(dir: string, meta = meta4(), options: Record<string, unknown> = {}): Promise<{ session: WriterSession; ctx: TestWriterContext }> {
  const ctx = testWriterContext(dir);
  const session = await cbfSeriesWriter.open(meta, { ...RESUME, ...options } as typeof RESUME, ctx);
  return { session, ctx };
}

async function writeAll(session: WriterSession, indices: readonly number[]): Promise<void> {
  for (const i of indices) await session.write(pixelFrame(i));
}

async function completeRun(dir: string, meta = meta4(), options: Record<string, unknown> = {}): Promise<void> {
  const { session } = await open(dir, meta, options);
  await writeAll(session, [0, 1, 2, 3]);
  await session.close();
}

const keptFrames = (session: WriterSession, n = 4): boolean[] => Array.from({ length: n }, (_, i) => session.alreadyWritten!(i));
const listing = (dir: string): string[] => readdirSync(dir).sort();
const ALL = ['s_000001.cbf', 's_000002.cbf', 's_000003.cbf', 's_000004.cbf'];
const warned = (ctx: TestWriterContext): string[] => ctx.warnings.map((w) => w.message).filter((m) => m.startsWith('resume:'));

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('cbf-series writer: resume', () => {
  it('declares resume (default false) and answers alreadyWritten only when resuming', async () => {
    expect(optionsSchema.properties.resume.default).toBe(false);
    const plain = await open(fresh(), meta4(), { resume: false });
    expect(plain.session.alreadyWritten).toBeUndefined();
    await plain.session.abort(null);
    const bad = await open(fresh(), meta4(), { resume: 1 }).catch((e: { code: string }) => e.code);
    expect(bad).toBe(ErrorCodes.OPTIONS);
  });

  it('publishes every frame as it is written but the first, which comes last; a second resume keeps all', async () => {
    const dir = fresh();
    const first = await open(dir);
    expect(keptFrames(first.session)).toEqual([false, false, false, false]);
    await writeAll(first.session, [0, 1]);
    expect(listing(dir)).toEqual([`.s_000001.cbf.partial-${process.pid}`, 's_000002.cbf']);
    await writeAll(first.session, [2, 3]);
    const r1 = await first.session.close();
    expect(r1.frames).toBe(4);
    expect(listing(dir)).toEqual(ALL);
    const inodes = ALL.map((n) => statSync(join(dir, n)).ino);

    const second = await open(dir);
    expect(keptFrames(second.session)).toEqual([true, true, true, true]);
    expect(warned(second.ctx)).toEqual([]);
    expect(listing(dir)).toEqual(ALL); // nothing to write: the first frame stays where it is
    const r2 = await second.session.close();
    expect(r2.files.map((f) => [f.path, f.bytes, f.role])).toEqual(ALL.map((n) => [join(dir, n), statSync(join(dir, n)).size, 'frame']));
    expect(ALL.map((n) => statSync(join(dir, n)).ino)).toEqual(inodes);
  });

  it('writes only the missing frames, in order with gaps at the kept ones; the kept first frame is hidden until close', async () => {
    const dir = fresh();
    await completeRun(dir);
    const firstInode = statSync(join(dir, 's_000001.cbf')).ino;
    const third = readFileSync(join(dir, 's_000003.cbf'));
    unlinkSync(join(dir, 's_000003.cbf'));
    const { session, ctx } = await open(dir);
    expect(keptFrames(session)).toEqual([true, true, false, true]);
    expect(warned(ctx)).toEqual([]);
    // Killed from here on, the folder shows no first frame: the series cannot pass as complete.
    expect(listing(dir)).toEqual([`.s_000001.cbf.partial-${process.pid}`, 's_000002.cbf', 's_000004.cbf']);
    expect(await Promise.resolve(session.write(pixelFrame(0))).catch((e: { code: string }) => e.code)).toBe(ErrorCodes.INPUT);
    expect(await Promise.resolve(session.write(pixelFrame(3))).catch((e: { message: string }) => e.message)).toMatch(/expected frame 2, got 3/);
    await writeAll(session, [2]);
    const result = await session.close();
    expect(result.frames).toBe(4);
    expect(listing(dir)).toEqual(ALL);
    expect(statSync(join(dir, 's_000001.cbf')).ino).toBe(firstInode);
    expect(readFileSync(join(dir, 's_000003.cbf')).equals(third)).toBe(true); // same frame, same bytes
  });

  it('deletes, warns about and rewrites frame files that do not check out', async () => {
    const dir = fresh();
    await completeRun(dir);
    truncateSync(join(dir, 's_000002.cbf'), 1000);
    const flipped = readFileSync(join(dir, 's_000003.cbf'));
    const at = flipped.length - 5000; // inside the byte-offset data
    flipped[at] = flipped[at]! ^ 0x10;
    writeFileSync(join(dir, 's_000003.cbf'), flipped);
    const { session, ctx } = await open(dir);
    expect(keptFrames(session)).toEqual([true, false, false, true]);
    expect(warned(ctx)).toEqual([
      expect.stringMatching(/^resume: s_000002\.cbf cannot be kept \(unreadable: .*truncated/),
      expect.stringMatching(/^resume: s_000003\.cbf cannot be kept \(its data do not match their Content-MD5\)/),
    ]);
    expect(ctx.warnings.find((w) => w.message.includes('s_000003'))!.context).toMatchObject({ file: join(dir, 's_000003.cbf'), frame: 2, stage: 'cbf-series' });
    await writeAll(session, [1, 2]);
    await session.close();
    expect(listing(dir)).toEqual(ALL);
    const again = await open(dir);
    expect(keptFrames(again.session)).toEqual([true, true, true, true]);
    await again.session.close();
  });

  it('keeps files only from the same run: other geometry, steps or size are rewritten; another time is not', async () => {
    const retimed = fresh();
    await completeRun(retimed);
    let opened = await open(retimed, meta4((m) => ({ ...m, provenance: { inputs: [], steps: [{ ...STEP, time: '2030-01-01T00:00:00.000Z' }, { ...WRITER_STEP, options: {} }] } })));
    expect(keptFrames(opened.session)).toEqual([true, true, true, true]);
    await opened.session.close();

    const moved = fresh();
    await completeRun(moved);
    opened = await open(moved, meta4((m) => ({ ...m, detector: { ...m.detector, distance_m: m.detector.distance_m + 0.01 } })));
    expect(keptFrames(opened.session)).toEqual([false, false, false, false]);
    expect(warned(opened.ctx)).toEqual(ALL.map((n) => expect.stringMatching(new RegExp(`${n.replace('.', '\\.')} cannot be kept \\(its header differs from this run`))));
    await opened.session.abort(null);

    const reseeded = fresh();
    await completeRun(reseeded);
    opened = await open(reseeded, meta4((m) => ({ ...m, provenance: { inputs: [], steps: [{ ...STEP, options: { seed: 2 } }, WRITER_STEP] } })));
    expect(keptFrames(opened.session)).toEqual([false, false, false, false]);
    await opened.session.abort(null);

    const smaller = fresh();
    const half = testMeta({ shape: [H / 2, W], dtype: 'uint32', frameCount: 4, mask: null });
    const small = await open(smaller, half);
    for (let i = 0; i < 4; i++) await small.session.write({ index: i, shape: [H / 2, W], dtype: 'uint32', pixels: makePixels(i, null).subarray(0, (H / 2) * W) });
    await small.session.close();
    opened = await open(smaller);
    expect(warned(opened.ctx)).toEqual(ALL.map(() => expect.stringMatching(new RegExp(`holds ${W} x ${H / 2} signed 32-bit integer, this run writes ${W} x ${H}`))));
    await opened.session.abort(null);
  });

  it('removes temporaries of killed runs, and refuses when a running process owns one', async () => {
    const dir = fresh();
    const dead = deadPid();
    const stale = [`.s_000002.cbf.partial-${dead}`, `.s_000001.cbf.partial-${dead}`];
    const foreign = [`.t_000001.cbf.partial-${dead}`, 'notes.txt'];
    for (const n of [...stale, ...foreign]) writeFileSync(join(dir, n), 'x');
    const { session } = await open(dir);
    expect(listing(dir)).toEqual([...foreign].sort());
    await session.abort(null);

    writeFileSync(join(dir, `.s_000003.cbf.partial-${process.ppid}`), 'x');
    const error = await open(dir).catch((e: { code: string; message: string }) => e);
    expect(error).toMatchObject({ code: ErrorCodes.OUTPUT, message: expect.stringMatching(new RegExp(`process ${process.ppid}, which is still running`)) });
  });

  it('abort keeps the published frames and removes the rest; the next resume continues from them', async () => {
    const dir = fresh();
    const first = await open(dir);
    await writeAll(first.session, [0, 1, 2]);
    await first.session.abort(new Error('Ctrl-C'));
    expect(listing(dir)).toEqual(['s_000002.cbf', 's_000003.cbf']);
    expect(existsSync(join(dir, 's_000001.cbf'))).toBe(false);

    const second = await open(dir);
    expect(keptFrames(second.session)).toEqual([false, true, true, false]);
    await writeAll(second.session, [0, 3]);
    const result = await second.session.close();
    expect(result.files.map((f) => f.path)).toEqual(ALL.map((n) => join(dir, n)));
    expect(listing(dir)).toEqual(ALL);
  });
});
