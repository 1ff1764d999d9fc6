import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCodes } from '@beamstack/contract';
import { Publication, publishWithoutReplacing, removeFile, removeStaleTemporaries, temporaryName } from '../src/index.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'beamstack-files-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

async function temp(name: string, text: string): Promise<{ tempPath: string; finalPath: string }> {
  const tempPath = join(dir, temporaryName(name));
  await writeFile(tempPath, text);
  return { tempPath, finalPath: join(dir, name) };
}

describe('publishWithoutReplacing', () => {
  it('renames the temporary to the final name', async () => {
    const f = await temp('a', 'new');
    await publishWithoutReplacing(f.tempPath, f.finalPath);
    expect(await readdir(dir)).toEqual(['a']);
    expect(await readFile(f.finalPath, 'utf8')).toBe('new');
  });

  it('never replaces an existing file, and says so with the caller context', async () => {
    const f = await temp('a', 'new');
    await writeFile(f.finalPath, 'old');
    await expect(publishWithoutReplacing(f.tempPath, f.finalPath, { stage: 'w' })).rejects.toMatchObject({
      code: ErrorCodes.OUTPUT,
      message: expect.stringContaining('already exists'),
      context: { stage: 'w', file: f.finalPath },
    });
    expect(await readFile(f.finalPath, 'utf8')).toBe('old');
  });

  it('fails with OUTPUT when the temporary is missing', async () => {
    await expect(publishWithoutReplacing(join(dir, 'nothing'), join(dir, 'a'))).rejects.toMatchObject({ code: ErrorCodes.OUTPUT });
  });
});

describe('Publication', () => {
  it('publishes held files last first when asked, and forgets them', async () => {
    const pub = new Publication<{ tempPath: string; finalPath: string }>();
    pub.hold(await temp('1', 'one'));
    pub.hold(await temp('2', 'two'));
    expect(pub.held.map((f) => f.finalPath)).toEqual([join(dir, '1'), join(dir, '2')]);
    await pub.publishAll('lastFirst');
    expect(pub.held).toEqual([]);
    expect((await readdir(dir)).sort()).toEqual(['1', '2']);
    await pub.discard();
    expect((await readdir(dir)).sort()).toEqual(['1', '2']);
  });

  it('undoes a publishAll that failed part way: published files and temporaries go', async () => {
    const pub = new Publication<{ tempPath: string; finalPath: string }>({ stage: 'w' });
    pub.hold(await temp('1', 'one'));
    pub.hold(await temp('2', 'two'));
    await writeFile(join(dir, '2'), 'someone else');
    await expect(pub.publishAll()).rejects.toMatchObject({ code: ErrorCodes.OUTPUT, context: { stage: 'w' } });
    await pub.discard();
    // '1' was published by this run and is removed; '2' was never ours and stays.
    expect(await readdir(dir)).toEqual(['2']);
    expect(await readFile(join(dir, '2'), 'utf8')).toBe('someone else');
  });
});

describe('removing files', () => {
  it('removeFile accepts a file already gone and reports other failures as OUTPUT', async () => {
    await removeFile(join(dir, 'gone'));
    await expect(removeFile(dir, { stage: 'w' })).rejects.toMatchObject({ code: ErrorCodes.OUTPUT, context: { stage: 'w', file: dir } });
  });

  it('removeStaleTemporaries removes only dead temporaries of the caller, and refuses live ones', async () => {
    const deadPid = 2 ** 31 - 2;
    await writeFile(join(dir, temporaryName('mine', deadPid)), '');
    await writeFile(join(dir, temporaryName('other', deadPid)), '');
    await writeFile(join(dir, 'mine'), '');
    await removeStaleTemporaries(dir, (name) => name === 'mine');
    expect((await readdir(dir)).sort()).toEqual(['.other.partial-2147483646', 'mine']);

    await writeFile(join(dir, temporaryName('mine')), '');
    await expect(removeStaleTemporaries(dir, (name) => name === 'mine', { stage: 'w' })).rejects.toMatchObject({
      code: ErrorCodes.OUTPUT,
      message: expect.stringContaining('still running'),
      context: { stage: 'w' },
    });
  });
});
