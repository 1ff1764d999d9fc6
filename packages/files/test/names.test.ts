import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '@beamstack/contract';
import { parseTemporaryName, pathIn, processAlive, temporaryName } from '../src/index.js';

describe('temporary names', () => {
  it('hides the final name with this process id and reads both back', () => {
    const name = temporaryName('x_master.h5');
    expect(name).toBe(`.x_master.h5.partial-${process.pid}`);
    expect(parseTemporaryName(name)).toEqual({ finalName: 'x_master.h5', pid: process.pid });
    expect(parseTemporaryName(temporaryName('a.cbf', 42))).toEqual({ finalName: 'a.cbf', pid: 42 });
  });

  it('does not mistake other names for temporaries', () => {
    for (const name of ['x_master.h5', '.x.partial-', '.x.partial-12345678901', 'x.partial-1', '.x.partial-1a']) {
      expect(parseTemporaryName(name)).toBeNull();
    }
  });
});

describe('processAlive', () => {
  it('knows this process and refuses numbers that address process groups', () => {
    expect(processAlive(process.pid)).toBe(true);
    for (const pid of [0, -1, 1.5, 2 ** 31]) expect(processAlive(pid)).toBe(false);
  });
});

describe('pathIn', () => {
  const dir = 'out/run';

  it('gives the absolute path of a plain name inside the folder', () => {
    expect(pathIn(dir, 'a.cbf')).toBe(join(resolve(dir), 'a.cbf'));
  });

  it('refuses names that would leave the folder, with the caller context', () => {
    for (const name of ['../a', 'sub/a', '..', '.', '', '/etc/passwd']) {
      expect(() => pathIn(dir, name, { stage: 'w' })).toThrow(
        expect.objectContaining({ code: ErrorCodes.OUTPUT, context: expect.objectContaining({ stage: 'w' }) }),
      );
    }
  });
});
