import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCodes } from '@beamstack/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '@beamstack/testkit';
import { codedRejection } from '@beamstack/testkit/vitest';
import { findSeries, frameNumber } from '../src/index.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  for (const n of ['a_000010.cbf', 'a_000002.cbf', 'a_000001.cbf', 'a_0003.cbf', 'b_1.cbf', 'b_01.cbf', 'c_x.cbf', 'notes.txt', 'a_000001.cbf.bak']) writeFileSync(join(dir, n), '');
  mkdirSync(join(dir, 'sub_000004.cbf'));
});
afterAll(() => cleanup());

describe('finding a series', () => {
  it('a template matches exactly its number of digits, ordered by number', async () => {
    const s = await findSeries(join(dir, 'a_######.cbf'));
    expect(s.files).toEqual([1, 2, 10].map((n) => ({ path: join(dir, `a_${String(n).padStart(6, '0')}.cbf`), number: n })));
    expect(s.description).toMatch(/template .* \(3 files\)/);
    expect((await findSeries(join(dir, 'a_####.cbf'))).files.map((f) => f.number)).toEqual([3]);
  });

  it('a glob matches names in one folder, ordered by the last number in the name', async () => {
    const s = await findSeries(join(dir, 'a_*.cbf'));
    expect(s.files.map((f) => f.number)).toEqual([1, 2, 3, 10]);
    expect((await findSeries(join(dir, 'a_00000[12].cbf'))).files.map((f) => f.number)).toEqual([1, 2]);
    expect((await findSeries(join(dir, 'a_00000[!1].cbf'))).files.map((f) => f.number)).toEqual([2]);
    expect((await findSeries(join(dir, 'a_?????1.cbf'))).files.map((f) => f.number)).toEqual([1]);
  });

  it('one file is a series of one', async () => {
    expect((await findSeries(join(dir, 'a_000002.cbf'))).files).toEqual([{ path: join(dir, 'a_000002.cbf'), number: 2 }]);
    expect((await findSeries(join(dir, 'c_x.cbf'))).files[0]!.number).toBe(1);
  });

  it('refuses ambiguous or empty series with INPUT naming the path', async () => {
    const cases: [string, RegExp][] = [
      [join(dir, 'b_*.cbf'), /both carry frame number 1/],
      [join(dir, '*.cbf'), /has no frame number|both carry/],
      [join(dir, 'z_*.cbf'), /no files match/],
      [join(dir, 'z_######.cbf'), /no files match/],
      [join(dir, 'a_##_##.cbf'), /more than one run of '#'/],
      [join(dir, '*', 'a_000001.cbf'), /only the file name may hold wildcards/],
      [join(dir, 'a_[0.cbf'), /unclosed \[/],
      [join(dir, 'missing.cbf'), /does not exist/],
      [join(dir, 'sub_000004.cbf'), /is not a file/],
      [join(dir, 'nowhere', 'x_*.cbf'), /cannot list/],
    ];
    for (const [path, message] of cases) {
      const e = await codedRejection(findSeries(path));
      expect([e.code, e.context.option], path).toEqual([ErrorCodes.INPUT, 'path']);
      expect(e.message, path).toMatch(message);
    }
  });

  it('takes the last run of digits as the frame number', () => {
    expect(frameNumber('run2_000017.cbf')).toBe(17);
    expect(frameNumber('x.cbf')).toBeNull();
  });
});
