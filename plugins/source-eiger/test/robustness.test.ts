import { copyFile, mkdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ErrorCodes, isBeamstackError } from '@beamstack/contract';
import { describeInterop } from '@beamstack/testkit/vitest';
import { readAllFrames, tempDir } from '@beamstack/testkit';
import { openEiger, type EigerSession } from '../src/index.js';
import { makeEigerLike, testContext, type EigerLike } from './helpers.js';

/** Resolves to the thrown error (or null), so tests can look at code and context. */
async function failure(fn: () => Promise<unknown>): Promise<{ code: string; context: Record<string, unknown>; message: string } | null> {
  try {
    await fn();
    return null;
  } catch (error) {
    expect(isBeamstackError(error), `not a BeamstackError: ${String(error)}`).toBe(true);
    return error as never;
  }
}

describeInterop('damaged and incomplete input', ['h5py', 'hdf5plugin', 'numpy', 'bitshuffle'], () => {
  let root: string;
  let cleanup: () => Promise<void>;
  let made: EigerLike;
  const sessions: EigerSession[] = [];
  beforeAll(async () => {
    ({ dir: root, cleanup } = await tempDir());
    made = makeEigerLike(join(root, 'good'), ['--frames', '5', '--shape', '64', '80', '--frames-per-file', '2', '--compression', 'bslz4', '--dtype', 'uint32']);
  });
  afterAll(async () => {
    for (const s of sessions) await s.close();
    await cleanup();
  });

  /** A fresh copy of the good series in its own folder. */
  const copy = async (name: string): Promise<string> => {
    const dir = join(root, name);
    await mkdir(dir, { recursive: true });
    for (const f of ['series_master.h5', ...made.data_files]) await copyFile(join(root, 'good', f), join(dir, f));
    return dir;
  };
  const open = async (path: string, extra: { dataset?: string; verify?: boolean } = {}) => {
    const t = testContext(root);
    const s = await openEiger({ path, verify: false, ...extra }, t.ctx);
    sessions.push(s);
    return { session: s, warnings: t.warnings };
  };

  it('a path that does not exist, or is a folder', async () => {
    const missing = await failure(() => open(join(root, 'nope_master.h5')));
    expect(missing).toMatchObject({ code: ErrorCodes.INPUT, context: { file: join(root, 'nope_master.h5'), option: 'path' } });
    const folder = await failure(() => open(root));
    expect(folder).toMatchObject({ code: ErrorCodes.INPUT, context: { file: root } });
  });

  it('a file that is not HDF5', async () => {
    const path = join(root, 'noise.h5');
    await writeFile(path, Buffer.alloc(5000, 0x5a));
    expect(await failure(() => open(path))).toMatchObject({ code: ErrorCodes.INPUT, context: { file: path } });
  });

  it('a truncated master', async () => {
    const dir = await copy('trunc-master');
    const master = join(dir, 'series_master.h5');
    for (const keep of [100, 2000, 40_000]) {
      await truncate(master, keep);
      const error = await failure(() => open(master));
      expect(error, `kept ${keep} bytes`).toMatchObject({ code: ErrorCodes.INPUT });
      expect(String(error!.context['file'])).toContain(dir);
    }
  });

  it('a master with damaged bytes never crashes or hangs: it opens or fails with INPUT', async () => {
    const dir = await copy('flip-master');
    const master = join(dir, 'series_master.h5');
    const good = await readFile(join(root, 'good', 'series_master.h5'));
    let failed = 0;
    for (let k = 0; k < 12; k++) {
      const bad = Buffer.from(good);
      const at = Math.floor(((k + 0.5) / 12) * Math.min(bad.length, 8192));
      for (let j = 0; j < 16; j++) bad[at + j] = (bad[at + j]! ^ 0xa5) & 0xff;
      await writeFile(master, bad);
      const error = await failure(async () => {
        const { session } = await open(master);
        await readAllFrames(session);
      });
      if (error) {
        failed++;
        expect(error.code).toBe(ErrorCodes.INPUT);
      }
    }
    expect(failed).toBeGreaterThan(0);
  });

  it('a missing data file: listed at open, reading its frames names the file and frame; verify refuses at open', async () => {
    const dir = await copy('missing-data');
    await rm(join(dir, made.data_files[1]!));
    const { session, warnings } = await open(join(dir, 'series_master.h5'));
    expect(session.meta.frameCount).toBe(5);
    expect(warnings.some((w) => w.includes(made.data_files[1]!) && /does not exist/.test(w))).toBe(true);
    await expect(session.read(1)).resolves.toMatchObject({ index: 1 });
    await expect(session.read(4)).resolves.toMatchObject({ index: 4 });
    const error = await failure(() => session.read(2));
    expect(error).toMatchObject({ code: ErrorCodes.INPUT, context: { file: join(dir, made.data_files[1]!), frame: 2 } });
    const strict = await failure(() => open(join(dir, 'series_master.h5'), { verify: true }));
    expect(strict).toMatchObject({ code: ErrorCodes.INPUT, context: { file: join(dir, made.data_files[1]!) } });
  });

  it('a truncated data file: INPUT naming file, dataset and frame', async () => {
    const dir = await copy('trunc-data');
    const data = join(dir, made.data_files[0]!);
    const size = (await readFile(data)).length;
    await truncate(data, size - 200);
    const error = await failure(async () => {
      const { session } = await open(join(dir, 'series_master.h5'), { verify: true });
      await readAllFrames(session);
    });
    expect(error).toMatchObject({ code: ErrorCodes.INPUT, context: { file: data, dataset: '/entry/data/data' } });
    if (error!.context['frame'] !== undefined) expect([0, 1]).toContain(error!.context['frame']);
  });

  it('a corrupted chunk: with verify an INPUT error naming file, dataset, frame and codec', async () => {
    const dir = await copy('bad-chunk');
    const data = join(dir, made.data_files[0]!);
    const bytes = await readFile(data);
    // Overwrite the tail of the last chunk (chunks follow the metadata in these files).
    bytes.fill(0xff, bytes.length - 300, bytes.length - 100);
    await writeFile(data, bytes);
    const { session } = await open(join(dir, 'series_master.h5'), { verify: true });
    const error = await failure(() => readAllFrames(session));
    expect(error).toMatchObject({ code: ErrorCodes.INPUT, context: { file: data, dataset: '/entry/data/data', codec: 'bslz4' } });
    expect([0, 1]).toContain(error!.context['frame']);
  });

  it('a dataset path that does not exist names file and dataset', async () => {
    const master = join(root, 'good', 'series_master.h5');
    const error = await failure(() => open(master, { dataset: '/entry/data/nothing' }));
    expect(error).toMatchObject({ code: ErrorCodes.INPUT, context: { file: master, dataset: '/entry/data/nothing' } });
  });

  it('frame indices outside the series', async () => {
    const { session } = await open(join(root, 'good', 'series_master.h5'));
    for (const i of [-1, 5, 1.5]) expect(await failure(() => session.read(i))).toMatchObject({ code: ErrorCodes.INPUT, context: { frame: i } });
  });
});
