import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCodes } from '@beamstack/contract';
import { describe, expect, it } from 'vitest';
import { Hdf5File, str, u32 } from '../src/index.js';
import { tempDir } from './helpers.js';
import { interopStatus, run } from '@beamstack/testkit';

const dir = tempDir('life');

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    if (typeof p === 'function') p();
    else await p;
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('file lifecycle', () => {
  it('an unfinished file carries no HDF5 signature; close() completes it', async () => {
    const path = join(dir, 'unfinished.h5');
    const f = await Hdf5File.create(path);
    f.group('/entry', { NX_class: 'NXentry' });
    const ds = f.chunkedDataset('/entry/data', { dtype: 'uint16', frameShape: [4, 4] });
    for (let i = 0; i < 5; i++) await ds.writeChunk(i, new Uint8Array(32).fill(i));
    // What a crash right now would leave on disk: data, but no superblock and no metadata.
    const partial = readFileSync(path);
    expect(partial.length).toBe(48 + 5 * 32);
    expect([...partial.subarray(0, 8)]).toEqual(new Array(8).fill(0));
    if (interopStatus(['h5py', 'hdf5plugin']).available) {
      const r = run('/usr/bin/python3', ['-c', 'import h5py,sys; h5py.File(sys.argv[1], "r")', path]);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/signature/i);
      expect(run('h5dump', ['-H', path]).status).not.toBe(0);
    }
    const done = await f.close();
    expect(done.bytes).toBe(readFileSync(path).length);
    expect(readFileSync(path).subarray(1, 4).toString()).toBe('HDF');
    if (interopStatus(['h5py', 'hdf5plugin']).available) expect(run('h5dump', ['-H', path]).status).toBe(0);
  });

  it('abort() removes the file, before or after close', async () => {
    const a = join(dir, 'aborted.h5');
    const f = await Hdf5File.create(a);
    const ds = f.chunkedDataset('/d', { dtype: 'uint8', frameShape: [2] });
    await ds.writeChunk(0, new Uint8Array(2));
    await f.abort();
    expect(existsSync(a)).toBe(false);
    await f.abort(); // idempotent

    const b = join(dir, 'closed-then-aborted.h5');
    const g = await Hdf5File.create(b);
    await g.close();
    await g.abort();
    expect(existsSync(b)).toBe(false);
  });

  it('refuses to replace an existing file unless asked to', async () => {
    const path = join(dir, 'exists.h5');
    writeFileSync(path, 'keep me');
    expect(await codeOf(Hdf5File.create(path))).toBe(ErrorCodes.OUTPUT);
    expect(readFileSync(path, 'utf8')).toBe('keep me');
    const f = await Hdf5File.create(path, { overwrite: true, durable: true });
    await f.close();
    expect(readFileSync(path).subarray(1, 4).toString()).toBe('HDF');
  });

  it('validates chunk writes with coded errors naming file, dataset and frame', async () => {
    const f = await Hdf5File.create(join(dir, 'validate.h5'));
    const raw = f.chunkedDataset('/raw', { dtype: 'uint16', frameShape: [2, 3], maxFrames: 10 });
    const filtered = f.chunkedDataset('/lz4', { dtype: 'uint16', frameShape: [2, 3], filters: [{ id: 32004 }] });
    expect(raw.chunkBytes).toBe(12);
    expect(await codeOf(raw.writeChunk(-1, new Uint8Array(12)))).toBe(ErrorCodes.INPUT);
    expect(await codeOf(raw.writeChunk(10, new Uint8Array(12)))).toBe(ErrorCodes.INPUT);
    expect(await codeOf(raw.writeChunk(1.5, new Uint8Array(12)))).toBe(ErrorCodes.INPUT);
    expect(await codeOf(raw.writeChunk(0, new Uint8Array(11)))).toBe(ErrorCodes.INPUT);
    expect(await codeOf(raw.writeChunk(0, new Uint8Array(0)))).toBe(ErrorCodes.INPUT);
    expect(await codeOf(raw.writeChunk(0, new Uint8Array(12), 1))).toBe(ErrorCodes.INPUT);
    await raw.writeChunk(0, new Uint8Array(12));
    try {
      await raw.writeChunk(0, new Uint8Array(12));
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: ErrorCodes.INPUT, context: { dataset: '/raw', frame: 0 } });
    }
    await filtered.writeChunk(0, new Uint8Array(5)); // any size once filtered
    expect(await codeOf(filtered.writeChunk(1, new Uint8Array(5), 2))).toBe(ErrorCodes.INPUT);
    expect(await codeOf(filtered.writeChunk(1, new Uint8Array(5), 1))).toBe(ErrorCodes.INPUT); // all skipped: must be raw size
    expect(await codeOf(() => raw.setFrameCount(0))).toBe(ErrorCodes.INPUT);
    expect(await codeOf(() => raw.setFrameCount(11))).toBe(ErrorCodes.INPUT);
    await f.close();
  });

  it('validates structure: paths, names, shapes, filters, sources, state', async () => {
    const f = await Hdf5File.create(join(dir, 'structure.h5'));
    f.dataset('/a/b', u32(1));
    const before = f.size;
    expect(await codeOf(() => f.dataset('/a/b', u32(1)))).toBe(ErrorCodes.INPUT); // exists
    expect(f.size).toBe(before); // nothing allocated for a refused dataset
    expect(await codeOf(() => f.dataset('/a/c', u32(1), { '': 1 }))).toBe(ErrorCodes.INPUT);
    f.dataset('/a/c', u32(2)); // the refused call left no trace
    expect(await codeOf(() => f.dataset('/a/b/c', u32(1)))).toBe(ErrorCodes.INPUT); // parent is a dataset
    expect(await codeOf(() => f.dataset('relative', u32(1)))).toBe(ErrorCodes.INPUT);
    expect(await codeOf(() => f.dataset('/x/../y', u32(1)))).toBe(ErrorCodes.INPUT);
    expect(await codeOf(() => f.dataset('/', u32(1)))).toBe(ErrorCodes.INPUT);
    expect(await codeOf(() => f.group('/a/b'))).toBe(ErrorCodes.INPUT);
    expect(await codeOf(() => f.setAttr('/missing', 'x', 1))).toBe(ErrorCodes.INPUT);
    expect(await codeOf(() => f.group('/g').attr('', 1))).toBe(ErrorCodes.INPUT);
    expect(await codeOf(() => f.group('/g').attr('big', new Float64Array(9000)))).toBe(ErrorCodes.INPUT);
    expect(await codeOf(() => f.chunkedDataset('/c1', { dtype: 'uint8', frameShape: [] }))).toBe(ErrorCodes.INPUT);
    expect(await codeOf(() => f.chunkedDataset('/c2', { dtype: 'uint8', frameShape: [0, 2] }))).toBe(ErrorCodes.INPUT);
    expect(await codeOf(() => f.chunkedDataset('/c3', { dtype: 'uint32', frameShape: [65536, 65536] }))).toBe(ErrorCodes.INPUT);
    expect(await codeOf(() => f.chunkedDataset('/c4', { dtype: 'float16' as 'uint8', frameShape: [2] }))).toBe(ErrorCodes.INPUT);
    expect(await codeOf(() => f.chunkedDataset('/c5', { dtype: 'uint8', frameShape: [2], filters: [{ id: 70000 }] }))).toBe(ErrorCodes.INPUT);
    expect(await codeOf(() => f.chunkedDataset('/c6', { dtype: 'uint8', frameShape: [2], filters: [{ id: 1, cdValues: [-1] }] }))).toBe(ErrorCodes.INPUT);
    expect(await codeOf(() => f.chunkedDataset('/c7', { dtype: 'uint8', frameShape: [2], fillValue: 256 }))).toBe(ErrorCodes.INPUT);
    const vds = (sources: { file: string; dataset: string; frames: number; firstFrame: number }[]) => () =>
      f.virtualDataset(`/v${Math.random()}`, { dtype: 'uint8', shape: [4, 2], sources });
    expect(await codeOf(vds([{ file: 'a.h5', dataset: '/d', frames: 5, firstFrame: 0 }]))).toBe(ErrorCodes.INPUT);
    expect(await codeOf(vds([{ file: '', dataset: '/d', frames: 1, firstFrame: 0 }]))).toBe(ErrorCodes.INPUT);
    expect(
      await codeOf(
        vds([
          { file: 'a.h5', dataset: '/d', frames: 2, firstFrame: 0 },
          { file: 'b.h5', dataset: '/d', frames: 2, firstFrame: 1 },
        ]),
      ),
    ).toBe(ErrorCodes.INPUT);
    expect(await codeOf(() => f.softLink('/s', ''))).toBe(ErrorCodes.INPUT);
    expect(await codeOf(() => f.externalLink('/e', '', '/x'))).toBe(ErrorCodes.INPUT);
    await f.close();
    expect(await codeOf(() => f.dataset('/late', str('x')))).toBe(ErrorCodes.OUTPUT);
    expect(await codeOf(f.close())).toBe(ErrorCodes.OUTPUT);
  });
});
