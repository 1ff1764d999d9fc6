import { readFile, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerifyReport } from '@beamstack/bundle';
import { main } from '../dist/cli/cli.js';
// The bundle fixtures: real bundles made with `beamstack convert` plus a manifest from @beamstack/bundle.
import { chunkOffset, copyBundle, flipByte, makeBundles, tempRoot, writeTestManifest } from '../../packages/bundle/test/fixtures.js';

async function cli(argv: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), cwd, stderrIsTTY: false });
  return { code, out, err };
}

describe('beamstack verify', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  let nxmx: string;
  let cbf: string;
  let n = 0;
  const copy = (src: string): Promise<string> => copyBundle(src, join(root, `case-${++n}`));

  beforeAll(async () => {
    ({ root, cleanup } = await tempRoot());
    ({ nxmx, cbf } = await makeBundles(root));
  });
  afterAll(() => cleanup());

  it('exits 0 for sound bundles, shallow and deep (every chunk decoded by the codec plugins)', async () => {
    for (const dir of ['nxmx', 'cbf']) {
      const shallow = await cli(['verify', dir], root);
      expect(shallow, shallow.err).toMatchObject({ code: 0, err: '' });
      expect(shallow.out.trim()).toBe(`${join(root, dir)}: sound (${dir === 'nxmx' ? 5 : 7} files, 6 frames)`);
      const deep = await cli(['verify', dir, '--deep', '--threads', '1'], root);
      expect(deep.code, deep.out + deep.err).toBe(0);
      expect(deep.out).toMatch(/: sound \(\d+ files, 6 frames, deep\)$/m);
    }
    const json = await cli(['verify', nxmx, '--json'], root);
    expect(JSON.parse(json.out) as VerifyReport).toEqual({ ok: true, dir: nxmx, deep: false, files: 5, frames: 6, findings: [] });
  });

  it('catches a flipped byte: checksum always, and a decode error naming file, frame and codec with --deep', async () => {
    const dir = await copy(nxmx);
    const file = join(dir, 'series_data_000002.h5');
    // The first byte of a bslz4 chunk is the top byte of its uncompressed size: the codec must refuse it.
    await flipByte(file, (await chunkOffset(file, 1)).offset);
    const shallow = await cli(['verify', dir], root);
    expect(shallow.code).toBe(1);
    expect(shallow.out.split('\n')[0]).toMatch(/^checksum series_data_000002\.h5: SHA-256 is [0-9a-f]{64}; the manifest says [0-9a-f]{64}$/);
    expect(shallow.out).toMatch(/: 1 finding \(5 files, 6 frames\)\n$/);

    const deep = await cli(['verify', dir, '--deep'], root);
    expect(deep.code).toBe(1);
    const lines = deep.out.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^decode series_data_000002\.h5: frame 1 of this file \(image 4 of the series\): .+ \(codec bslz4\)$/);
    expect(lines[2]).toMatch(/: 2 findings \(5 files, 6 frames, deep\)$/);

    const json = JSON.parse((await cli(['verify', dir, '--deep', '--json'], root)).out) as VerifyReport;
    expect(json.ok).toBe(false);
    expect(json.findings.map((f) => [f.code, f.file])).toEqual([
      ['checksum', 'series_data_000002.h5'],
      ['decode', 'series_data_000002.h5'],
    ]);
  });

  it('catches a damaged CBF payload with --deep even when the manifest agrees with the damage', async () => {
    const dir = await copy(cbf);
    const file = join(dir, 'series_000003.cbf');
    const marker = (await readFile(file)).indexOf(Buffer.from([0x0c, 0x1a, 0x04, 0xd5]));
    await flipByte(file, marker + 4);
    await writeTestManifest(dir, 'cbf');
    expect((await cli(['verify', dir], root)).code).toBe(0);
    const deep = await cli(['verify', dir, '--deep'], root);
    expect(deep.code).toBe(1);
    expect(deep.out).toMatch(/^decode series_000003\.cbf: frame 0 of this file: Content-MD5 of the data is \S+; the header says \S+$/m);
  });

  it('lists missing, truncated and leftover files and a missing manifest, one line each', async () => {
    const dir = await copy(nxmx);
    await unlink(join(dir, 'series_data_000003.h5'));
    await truncate(join(dir, 'series_data_000001.h5'), 1000);
    await writeFile(join(dir, '.series_data_000003.h5.partial-31337'), '');
    const result = await cli(['verify', dir], root);
    expect(result.code).toBe(1);
    expect(result.out.trim().split('\n')).toEqual([
      'partial .series_data_000003.h5.partial-31337: leftover temporary file of an interrupted write',
      expect.stringMatching(/^size series_data_000001\.h5: has 1000 bytes; the manifest says \d+ \(truncated\?\)$/),
      'missing series_data_000003.h5: listed in the manifest but not in the bundle',
      `${dir}: 3 findings (5 files, 2 frames)`,
    ]);

    await rm(join(dir, 'MANIFEST.json'));
    const incomplete = await cli(['verify', dir], root);
    expect(incomplete.code).toBe(1);
    expect(incomplete.out).toMatch(/^manifest MANIFEST\.json: missing: the bundle is incomplete/m);
  });

  it('gives usage and input errors for a bad command line or folder', async () => {
    expect((await cli(['verify'], root)).code).toBe(2);
    expect((await cli(['verify', 'a', 'b'], root)).code).toBe(2);
    const none = await cli(['verify', 'no-such-bundle'], root);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/^error: BEAMSTACK_E_INPUT: bundle folder does not exist \(file \/\S+\/no-such-bundle\)$/m);
  });
});
