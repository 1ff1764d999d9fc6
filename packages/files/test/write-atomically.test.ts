import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeAtomically } from '../src/index.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'beamstack-files-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('writeAtomically', () => {
  it('writes new files and replaces old ones, leaving no temporary', async () => {
    const path = join(dir, 'README.txt');
    await writeAtomically(path, 'first');
    await writeAtomically(path, new TextEncoder().encode('second'), { durable: true });
    expect(await readFile(path, 'utf8')).toBe('second');
    expect(await readdir(dir)).toEqual(['README.txt']);
  });

  it('throws the file system error and removes its temporary when the rename fails', async () => {
    const path = join(dir, 'taken');
    await mkdir(path);
    await writeFile(join(path, 'inside'), '');
    await expect(writeAtomically(path, 'text')).rejects.toMatchObject({ code: expect.stringMatching(/^E/) });
    expect(await readdir(dir)).toEqual(['taken']);
  });
});
