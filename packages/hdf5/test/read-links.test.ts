import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { ErrorCodes, isBeamstackError } from '@beamstack/contract';
import { describeInterop } from '@beamstack/testkit/vitest';
import { Hdf5Reader } from '../src/index.js';
import { tempDir } from './helpers.js';
import { makeFixtures } from './read-view.js';

/** Path resolution: hard, soft (absolute, relative, dangling, cyclic) and external links across folders. */
const dir = tempDir('read-links');
let files: Record<string, string> = {};

async function expectInputError(promise: Promise<unknown>, message: RegExp, file: string): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isBeamstackError(err), String(err)).toBe(true);
  if (!isBeamstackError(err)) return;
  expect(err.code).toBe(ErrorCodes.INPUT);
  expect(err.message).toMatch(message);
  expect(err.context.file).toBe(file);
}

describeInterop('reader: links and paths', ['h5py'], () => {
  beforeAll(() => {
    files = makeFixtures(dir);
  });

  for (const name of ['earliest.h5', 'latest.h5']) {
    it(`${name}: resolves hard, soft and external links without following external ones`, async () => {
      const path = files[name]!;
      const r = await Hdf5Reader.open(path);
      expect(await r.lookup('/')).toEqual({ kind: 'group', path: '/' });
      expect(await r.lookup('many//item_0002/')).toEqual({ kind: 'dataset', path: '/many/item_0002' });
      expect(await r.lookup('/./many/./soft')).toEqual({ kind: 'dataset', path: '/many/soft' });
      expect(await r.lookup('/many/relative')).toEqual({ kind: 'dataset', path: '/many/relative' });
      expect(await r.lookup('/alias_group/item_0001')).toEqual({ kind: 'dataset', path: '/alias_group/item_0001' });
      expect(await r.lookup('/many/dangling')).toEqual({ kind: 'missing', path: '/many/dangling' });
      const target = join(dir, 'sub', 'target.h5');
      expect(await r.lookup('/links/ext')).toEqual({ kind: 'external', path: '/links/ext', file: 'sub/target.h5', resolvedFile: target, target: '/data/stack' });
      expect(await r.lookup('/links/ext_group/stack')).toEqual({
        kind: 'external',
        path: '/links/ext_group/stack',
        file: 'sub/target.h5',
        resolvedFile: target,
        target: '/data/stack',
      });
      expect((await r.lookup('/links/soft_to_ext')).kind).toBe('external');
      // Soft links resolve to the same object as the hard link.
      expect(await (await r.dataset('/many/soft')).read()).toBe(3);
      expect(await (await r.dataset('/many/relative')).read()).toBe(4);
      expect(await r.list('/links')).toEqual([
        { name: 'ext', kind: 'external', file: 'sub/target.h5', target: '/data/stack' },
        { name: 'ext_group', kind: 'external', file: 'sub/target.h5', target: '/data' },
        { name: 'ext_loop', kind: 'external', file: 'sub/target.h5', target: '/loop' },
        { name: 'ext_missing_file', kind: 'external', file: 'sub/no_such_file.h5', target: '/x' },
        { name: 'soft_loop_a', kind: 'soft', target: '/links/soft_loop_b' },
        { name: 'soft_loop_b', kind: 'soft', target: '/links/soft_loop_a' },
        { name: 'soft_to_ext', kind: 'soft', target: '/links/ext' },
      ]);
      await r.close();
    });

    it(`${name}: dataset() and attributes() follow external links relative to the linking file's folder`, async () => {
      const path = files[name]!;
      const r = await Hdf5Reader.open(path);
      const target = join(dir, 'sub', 'target.h5');
      for (const p of ['/links/ext', '/links/ext_group/stack', '/links/soft_to_ext']) {
        const ds = await r.dataset(p);
        expect(ds.file, p).toBe(target);
        expect(ds.path, p).toBe('/data/stack');
        expect([...((await ds.read()) as Uint16Array)], p).toEqual(Array.from({ length: 40 }, (_, i) => i));
        expect((await ds.readFrameChunk(1))!.bytes.length, p).toBe(40);
      }
      expect(await r.attributes('/links/ext_group')).toEqual({ note: 'target' });
      expect((await r.list('/links/ext_group')).map((l) => l.name)).toEqual(['stack']);
      await r.close();
    });

    it(`${name}: bad paths, dangling and cyclic links are INPUT errors`, async () => {
      const path = files[name]!;
      const r = await Hdf5Reader.open(path);
      await expectInputError(r.lookup('/no/such/thing'), /does not exist/, path);
      await expectInputError(r.dataset('/many/dangling'), /dangling soft link/, path);
      await expectInputError(r.lookup('/links/soft_loop_a'), /soft links/, path);
      await expectInputError(r.dataset('/many'), /not a dataset/, path);
      await expectInputError(r.list('/many/item_0001'), /not a group/, path);
      await expectInputError(r.lookup('/many/item_0001/below'), /not a group/, path);
      await expectInputError(r.dataset('/links/ext_missing_file'), /cannot open/, join(dir, 'sub', 'no_such_file.h5'));
      await expectInputError(r.dataset('/links/ext_loop'), /nested external links/, join(dir, 'sub', 'target.h5'));
      await r.close();
      await expectInputError(r.lookup('/'), /closed/, path);
    });
  }

  it('follows an external link with ".." from a file in a subfolder', async () => {
    const r = await Hdf5Reader.open(files['sub/target.h5']!);
    expect(await r.lookup('/back/mat_u32')).toMatchObject({ kind: 'external', resolvedFile: join(dir, 'earliest.h5'), target: '/values/mat_u32' });
    const ds = await r.dataset('/back/mat_u32');
    expect(ds.file).toBe(join(dir, 'earliest.h5'));
    expect((await ds.read()) as Uint32Array).toEqual(Uint32Array.from({ length: 35 }, (_, i) => i));
    await r.close();
  });
});
