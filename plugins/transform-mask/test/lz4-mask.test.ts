import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BeamstackError, ErrorCodes } from '@beamstack/contract';
import { pythonJson, run, tempDir } from '@beamstack/testkit';
import { describeInterop } from '@beamstack/testkit/vitest';
import { loadUserMask } from '../src/index.js';

// Masks packed with the Debian `lz4` tool (LZ4 frame format, what lz4js reads) load like the .npy.
describeInterop('user masks packed with the lz4 tool (mask.npy.lz4)', ['numpy'], () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let npy: string;
  let expected: number[];
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    npy = join(dir, 'mask.npy');
    expected = pythonJson<number[]>(
      'import sys, json, numpy as np\nm = np.random.default_rng(3).random((61, 47)) < 0.1\nnp.save(sys.argv[1], m)\nprint(json.dumps([int(i) for i in np.flatnonzero(m)]))',
      [npy],
    );
  });
  afterAll(() => cleanup());

  const masked = (m: Uint8Array): number[] => [...m.keys()].filter((i) => m[i] !== 0);

  it('unpacks a frame the lz4 tool wrote, with or without checksums, to the same mask', () => {
    for (const flags of [[], ['--no-frame-crc'], ['-BD', '--content-size']]) {
      const packed = join(dir, `mask${flags.join('')}.npy.lz4`);
      const r = run('lz4', ['-q', '-f', ...flags, npy, packed]);
      expect(r.status, r.stderr).toBe(0);
      const mask = loadUserMask(packed, [61, 47]);
      expect(masked(mask.masked)).toEqual(expected);
      expect(mask.input.bytes).toBe(readFileSync(packed).length);
    }
  });

  it('gives OPTIONS errors naming the file for truncated, corrupted and oversized frames', () => {
    const packed = join(dir, 'mask.npy.lz4');
    run('lz4', ['-q', '-f', npy, packed]);
    const good = readFileSync(packed);
    const cases: [string, Uint8Array][] = [
      ['truncated', good.subarray(0, good.length - 20)],
      ['header only', good.subarray(0, 7)],
      ['bad descriptor', Uint8Array.from(good, (b, i) => (i === 4 ? 0x00 : b))],
      // a stored block announcing 2 GB: refused before anything is allocated
      ['oversized', Uint8Array.from([...good.subarray(0, 7), 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0])],
    ];
    for (const [name, bytes] of cases) {
      const path = join(dir, `${name.replace(/\W/g, '-')}.npy.lz4`);
      writeFileSync(path, bytes);
      let error: unknown;
      try {
        loadUserMask(path, [61, 47]);
      } catch (e) {
        error = e;
      }
      expect(error, name).toBeInstanceOf(BeamstackError);
      expect((error as BeamstackError).code, name).toBe(ErrorCodes.OPTIONS);
      expect((error as BeamstackError).message, name).toContain(path);
    }
  });
});
