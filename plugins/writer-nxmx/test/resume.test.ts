import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCodes, pixelBytes, type DatasetMeta, type Frame, type WriterSession } from '@beamstack/contract';
import { Hdf5File, Hdf5Reader, u64 } from '@beamstack/hdf5';
import { afterAll, describe, expect, it } from 'vitest';
import { nxmxWriter, optionsSchema } from '../src/index.js';
import { RUN_KEY_ATTRIBUTE, runKey } from '../src/run-key.js';
import { storedLz4 } from './codec-stub.js';
import { writerContext, type TestContext } from './context.js';
import { H, W, makeFrame, makeMask, makeMeta } from './meta.js';

const root = mkdtempSync(join(tmpdir(), 'beamstack-nxmx-resume-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = (): string => {
  const dir = join(root, `run${++dirs}`);
  mkdirSync(dir);
  return dir;
};

const mask = makeMask();
const frames = Array.from({ length: 5 }, (_, i) => makeFrame(i, mask));
const RESUME = { prefix: 'p', framesPerFile: 2, vds: true, resume: true };
const LZ4 = { codec: 'lz4-raw-test', params: {} };

const pixelFrame = (index: number): Frame => ({ index, shape: [H, W], dtype: 'uint32', pixels: frames[index]! });
const encodedFrame = (index: number): Frame => ({
  index,
  shape: [H, W],
  dtype: 'uint32',
  encoded: { codec: 'lz4-raw-test', params: {}, bytes: storedLz4(pixelBytes(frames[index]!)) },
});

interface Opened {
  readonly session: WriterSession;
  readonly ctx: TestContext;
}

async function open(dir: string, options: Record<string, unknown> = RESUME, meta: DatasetMeta = makeMeta(), encoded = false): Promise<Opened> {
  const ctx = writerContext(dir, encoded ? LZ4 : null);
  const session = await nxmxWriter.open(meta, { ...RESUME, ...options } as typeof RESUME, ctx);
  return { session, ctx };
}

/** Which of frames 0..n−1 the session says it holds. */
const keptFrames = (session: WriterSession, n = 5): boolean[] => Array.from({ length: n }, (_, i) => session.alreadyWritten!(i));

async function writeAll(session: WriterSession, indices: readonly number[], encoded = false): Promise<void> {
  for (const i of indices) await session.write(encoded ? encodedFrame(i) : pixelFrame(i));
}

/** A completed resumable run of all 5 frames into `dir`. */
async function completeRun(dir: string, options: Record<string, unknown> = RESUME, meta?: DatasetMeta, encoded = false): Promise<void> {
  const { session } = await open(dir, options, meta, encoded);
  await writeAll(session, [0, 1, 2, 3, 4], encoded);
  await session.close();
}

const listing = (dir: string): string[] => readdirSync(dir).sort();

async function dataAttrs(path: string): Promise<Record<string, unknown>> {
  const reader = await Hdf5Reader.open(path);
  try {
    return await (await reader.dataset('/entry/data/data')).attributes();
  } finally {
    await reader.close();
  }
}

async function masterLinks(path: string): Promise<string[]> {
  const reader = await Hdf5Reader.open(path);
  try {
    return (await reader.list('/entry/data')).filter((l) => l.kind === 'external').map((l) => `${l.name}→${l.file}`);
  } finally {
    await reader.close();
  }
}

/** A pid that surely belongs to no running process: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('nxmx writer: resume', () => {
  it('declares resume (default false) and answers alreadyWritten only when resuming', async () => {
    expect(optionsSchema.properties.resume.default).toBe(false);
    const plain = await open(freshDir(), { resume: false });
    expect(plain.session.alreadyWritten).toBeUndefined();
    await plain.session.abort(null);
    const bad = await open(freshDir(), { resume: 'yes' }).catch((e: { code: string }) => e.code);
    expect(bad).toBe(ErrorCodes.OPTIONS);
  });

  it('writes everything when nothing is there, then keeps every data file and rewrites only the master', async () => {
    const dir = freshDir();
    const first = await open(dir);
    expect(keptFrames(first.session)).toEqual([false, false, false, false, false]);
    await writeAll(first.session, [0, 1]);
    // Resumable: data file 1 takes its final name as soon as it is full, before any later frame.
    expect(listing(dir)).toEqual(['p_data_000001.h5']);
    await writeAll(first.session, [2]);
    expect(listing(dir)).toEqual([`.p_data_000002.h5.partial-${process.pid}`, 'p_data_000001.h5']);
    await writeAll(first.session, [3, 4]);
    const r1 = await first.session.close();
    expect(r1.frames).toBe(5);
    expect(listing(dir)).toEqual(['p_data_000001.h5', 'p_data_000002.h5', 'p_data_000003.h5', 'p_master.h5']);
    const key = (await dataAttrs(join(dir, 'p_data_000001.h5')))[RUN_KEY_ATTRIBUTE];
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const inodes = ['p_data_000001.h5', 'p_data_000002.h5', 'p_data_000003.h5'].map((n) => statSync(join(dir, n)).ino);

    const second = await open(dir);
    expect(existsSync(join(dir, 'p_master.h5'))).toBe(false); // removed at open, written last at close
    expect(keptFrames(second.session)).toEqual([true, true, true, true, true]);
    expect(second.ctx.warnings).toEqual([]);
    const r2 = await second.session.close();
    expect(r2.frames).toBe(5);
    expect(r2.files.map((f) => [f.path.slice(dir.length + 1), f.role, f.bytes])).toEqual([
      ['p_data_000001.h5', 'data', statSync(join(dir, 'p_data_000001.h5')).size],
      ['p_data_000002.h5', 'data', statSync(join(dir, 'p_data_000002.h5')).size],
      ['p_data_000003.h5', 'data', statSync(join(dir, 'p_data_000003.h5')).size],
      ['p_master.h5', 'master', statSync(join(dir, 'p_master.h5')).size],
    ]);
    expect(['p_data_000001.h5', 'p_data_000002.h5', 'p_data_000003.h5'].map((n) => statSync(join(dir, n)).ino)).toEqual(inodes);
    expect(await masterLinks(join(dir, 'p_master.h5'))).toEqual([
      'data_000001→p_data_000001.h5',
      'data_000002→p_data_000002.h5',
      'data_000003→p_data_000003.h5',
    ]);
  });

  it('expects frames with gaps exactly at the kept files, and refuses any other order', async () => {
    const dir = freshDir();
    await completeRun(dir);
    unlinkSync(join(dir, 'p_data_000002.h5'));
    const { session } = await open(dir);
    expect(keptFrames(session)).toEqual([true, true, false, false, true]);
    expect(await Promise.resolve(session.write(pixelFrame(0))).catch((e: { code: string }) => e.code)).toBe(ErrorCodes.INPUT);
    expect(await Promise.resolve(session.write(pixelFrame(3))).catch((e: { message: string }) => e.message)).toMatch(/expected frame 2, got 3/);
    await writeAll(session, [2, 3]);
    // Frame 4 lives in the kept file 3: nothing more may come.
    expect(await Promise.resolve(session.write(pixelFrame(4))).catch((e: { code: string }) => e.code)).toBe(ErrorCodes.INPUT);
    const result = await session.close();
    expect(result.frames).toBe(5);
    expect(listing(dir)).toEqual(['p_data_000001.h5', 'p_data_000002.h5', 'p_data_000003.h5', 'p_master.h5']);
    const attrs = await dataAttrs(join(dir, 'p_data_000002.h5'));
    expect([attrs['image_nr_low'], attrs['image_nr_high']]).toEqual([3n, 4n]);
  });

  it('deletes, warns about and rewrites data files that do not check out', async () => {
    // A truncated file.
    const truncated = freshDir();
    await completeRun(truncated);
    const path = join(truncated, 'p_data_000002.h5');
    truncateSync(path, Math.floor(statSync(path).size / 2));
    let opened = await open(truncated);
    expect(keptFrames(opened.session)).toEqual([true, true, false, false, true]);
    expect(opened.ctx.warnings).toHaveLength(1);
    expect(opened.ctx.warnings[0]!.message).toMatch(/p_data_000002\.h5 cannot be kept \(unreadable: .*truncated/);
    expect(opened.ctx.warnings[0]!.context).toMatchObject({ file: path, stage: 'nxmx' });
    expect(existsSync(path)).toBe(false);
    await writeAll(opened.session, [2, 3]);
    await opened.session.close();
    expect(statSync(path).size).toBeGreaterThan(0);

    // Written by a run without resume: no run key, so nothing is known about its frames.
    const plain = freshDir();
    await completeRun(plain, { resume: false });
    opened = await open(plain);
    expect(keptFrames(opened.session)).toEqual([false, false, false, false, false]);
    expect(opened.ctx.warnings.map((w) => w.message)).toEqual(
      [1, 2, 3].map((k) => expect.stringMatching(new RegExp(`p_data_00000${k}\\.h5 cannot be kept \\(it has no ${RUN_KEY_ATTRIBUTE}`))),
    );
    expect(listing(plain)).toEqual([]);
    await opened.session.abort(null);

    // Another layout: 2 frames per file before, 3 now.
    const layout = freshDir();
    await completeRun(layout);
    opened = await open(layout, { framesPerFile: 3 });
    expect(keptFrames(opened.session)).toEqual([false, false, false, false, false]);
    expect(opened.ctx.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/p_data_000001\.h5 cannot be kept \(\/entry\/data\/data has shape \[2, 514, 1030\], this run needs \[3, 514, 1030\]/),
      expect.stringMatching(/p_data_000002\.h5 cannot be kept \(image_nr_low\/high are 3\/4, expected 4\/5/),
      expect.stringMatching(/p_data_000003\.h5 and any later data files are not part of this 5-frame run/),
    ]);
    await opened.session.abort(null);
    expect(listing(layout)).toEqual(['p_data_000003.h5']);

    // Other steps upstream (a different seed): same layout, other pixels.
    const other = freshDir();
    await completeRun(other);
    const meta = makeMeta();
    const changed: DatasetMeta = {
      ...meta,
      provenance: { ...meta.provenance, steps: meta.provenance.steps.map((s) => ({ ...s, options: { ...s.options, seed: 8 }, time: '2025-01-01T00:00:00.000Z' })) },
    };
    opened = await open(other, {}, changed);
    expect(keptFrames(opened.session)).toEqual([false, false, false, false, false]);
    expect(opened.ctx.warnings.map((w) => w.message)).toEqual([1, 2, 3].map(() => expect.stringMatching(/run key differs/)));
    await opened.session.abort(null);

    // Only the time a step ran differs: the same run, kept.
    const same = freshDir();
    await completeRun(same);
    const retimed: DatasetMeta = { ...meta, provenance: { ...meta.provenance, steps: meta.provenance.steps.map((s) => ({ ...s, time: '2025-01-01T00:00:00.000Z' })) } };
    opened = await open(same, {}, retimed);
    expect(keptFrames(opened.session)).toEqual([true, true, true, true, true]);
    await opened.session.close();

    // Another filter pipeline: stored LZ4 chunks before, raw pixels now.
    const filters = freshDir();
    await completeRun(filters, {}, undefined, true);
    opened = await open(filters);
    expect(opened.ctx.warnings.map((w) => w.message)).toEqual(
      [1, 2, 3].map(() => expect.stringMatching(/filter pipeline 32004\[\] differs from this run's none/)),
    );
    await opened.session.abort(null);
  });

  it('does not keep a data file with a chunk missing, though everything else is right', async () => {
    const dir = freshDir();
    const meta = makeMeta();
    const file = await Hdf5File.create(join(dir, 'p_data_000001.h5'));
    file.group('/entry', { NX_class: 'NXentry' });
    file.group('/entry/data', { NX_class: 'NXdata' });
    const data = file.chunkedDataset('/entry/data/data', {
      dtype: 'uint32',
      frameShape: [H, W],
      filters: [],
      fillValue: 0xffffffff,
      maxFrames: 2,
      attrs: { image_nr_low: u64(1), image_nr_high: u64(2), [RUN_KEY_ATTRIBUTE]: runKey(meta, null, 'nxmx') },
    });
    await data.writeChunk(1, pixelBytes(frames[1]!)); // frame 0 never stored: shape [2, H, W] all the same
    await file.close();
    const { session, ctx } = await open(dir, {}, meta);
    expect(keptFrames(session)).toEqual([false, false, false, false, false]);
    expect(ctx.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/p_data_000001\.h5 cannot be kept \(frame 0 \(chunk 0\) is not stored\)/)]);
    await session.abort(null);
  });

  it('removes temporaries of killed runs, and refuses when a running process owns one', async () => {
    const dir = freshDir();
    const dead = deadPid();
    const stale = [`.p_data_000002.h5.partial-${dead}`, `.p_master.h5.partial-${dead}`];
    const foreign = [`.q_data_000001.h5.partial-${dead}`, 'notes.txt'];
    for (const n of [...stale, ...foreign]) writeFileSync(join(dir, n), 'x');
    const { session } = await open(dir);
    expect(listing(dir)).toEqual([...foreign].sort());
    await session.abort(null);

    writeFileSync(join(dir, `.p_data_000001.h5.partial-${process.ppid}`), 'x');
    const error = await open(dir).catch((e: { code: string; message: string }) => e);
    expect(error).toMatchObject({ code: ErrorCodes.OUTPUT, message: expect.stringMatching(new RegExp(`process ${process.ppid}, which is still running`)) });
  });

  it('abort keeps the published data files and writes no master; the next resume continues from them', async () => {
    const dir = freshDir();
    const first = await open(dir);
    await writeAll(first.session, [0, 1, 2]);
    await first.session.abort(new Error('Ctrl-C'));
    expect(listing(dir)).toEqual(['p_data_000001.h5']);

    const second = await open(dir);
    expect(keptFrames(second.session)).toEqual([true, true, false, false, false]);
    await writeAll(second.session, [2, 3, 4]);
    const result = await second.session.close();
    expect(result.files.map((f) => f.role)).toEqual(['data', 'data', 'data', 'master']);
    expect(listing(dir)).toEqual(['p_data_000001.h5', 'p_data_000002.h5', 'p_data_000003.h5', 'p_master.h5']);
  });

  it('writes no master when frames before a kept file never arrived', async () => {
    const dir = freshDir();
    await completeRun(dir);
    unlinkSync(join(dir, 'p_data_000001.h5'));
    unlinkSync(join(dir, 'p_data_000002.h5'));
    const { session } = await open(dir);
    expect(keptFrames(session)).toEqual([false, false, false, false, true]);
    await writeAll(session, [0, 1]);
    const error = await session.close().catch((e: { code: string; message: string }) => e);
    expect(error).toMatchObject({ code: ErrorCodes.OUTPUT, message: expect.stringMatching(/frames 2\.\.3 were neither kept nor written/) });
    expect(listing(dir)).toEqual(['p_data_000001.h5', 'p_data_000003.h5']);
  });
});
