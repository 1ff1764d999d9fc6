import { createHash } from 'node:crypto';
import { open, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '@beamstack/contract';
import {
  bundlePathProblem,
  hashFiles,
  MANIFEST_NAME,
  MAX_MANIFEST_BYTES,
  readManifest,
  sha256File,
  writeManifest,
  type BundleManifest,
} from '../dist/index.js';
import { tempRoot } from './fixtures.js';

const HEX = 'ab'.repeat(32);

function sample(): BundleManifest {
  return {
    format: 'beamstack-bundle',
    version: 1,
    created: '2025-01-02T03:04:05.678Z',
    tool: '@beamstack/host@0.1.0',
    output: { format: 'nxmx', frames: 4, shape: [8, 16], dtype: 'uint16', codec: 'bslz4', master: 'x_master.h5' },
    frames: { in: 8, out: 4, outAsSource: 8, dropped: 0 },
    source: { input: '/data/x_master.h5', frames: 8, files: [{ path: '/data/x_master.h5', bytes: 10, sha256: HEX }] },
    stack: { name: 'export', stages: [{ use: 'sum', plugin: '@beamstack/transform-sum@0.1.0', options: { n: 2, nested: { list: [1, 'a', null, true] } } }] },
    files: [
      { path: 'x_master.h5', bytes: 100, sha256: HEX, role: 'master' },
      { path: 'x_data_000001.h5', bytes: 200, sha256: HEX, role: 'data', frames: 4 },
      { path: 'README.txt', bytes: 30, sha256: HEX, role: 'readme' },
    ],
  };
}

/** readManifest of this JSON text must fail with INPUT, naming the file and matching `message`. */
async function expectBad(dir: string, text: string, message: RegExp): Promise<void> {
  await writeFile(join(dir, MANIFEST_NAME), text);
  const error = await readManifest(dir).then(
    () => null,
    (e: unknown) => e as { code: string; message: string; context: { file?: string } },
  );
  expect(error, `accepted: ${text.slice(0, 200)}`).not.toBeNull();
  expect(error!.code).toBe(ErrorCodes.INPUT);
  expect(error!.context.file).toBe(join(dir, MANIFEST_NAME));
  expect(error!.message).toContain(join(dir, MANIFEST_NAME));
  expect(error!.message).toMatch(message);
}

/** The sample with one edit, as JSON text. */
function edited(edit: (m: Record<string, any>) => void): string {
  const m = JSON.parse(JSON.stringify(sample())) as Record<string, any>;
  edit(m);
  return JSON.stringify(m);
}

describe('manifest read/write', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ root, cleanup } = await tempRoot()));
  afterAll(() => cleanup());

  it('round-trips a manifest through an atomic write, leaving no temporary file', async () => {
    await writeManifest(root, sample());
    expect(await readManifest(root)).toEqual(sample());
    expect((await readdir(root)).filter((n) => n !== MANIFEST_NAME)).toEqual([]);
    expect(await readFile(join(root, MANIFEST_NAME), 'utf8')).toMatch(/^\{\n {2}"format": "beamstack-bundle",\n/);
  });

  it('refuses to write a manifest with a bad field (OUTPUT, naming the field)', async () => {
    const bad = sample();
    bad.files[1]!.sha256 = 'XYZ';
    await expect(writeManifest(root, bad)).rejects.toMatchObject({ code: ErrorCodes.OUTPUT, message: expect.stringMatching(/files\[1\]\.sha256: must be 64 lowercase hex/) });
    const noFrames = sample();
    delete noFrames.files[1]!.frames;
    await expect(writeManifest(root, noFrames)).rejects.toThrow(/files\[1\]\.frames: is required for an NXmx data file/);
  });

  it('reports a missing manifest as an incomplete bundle', async () => {
    const { root: empty, cleanup: done } = await tempRoot();
    try {
      await expect(readManifest(empty)).rejects.toMatchObject({ code: ErrorCodes.INPUT, message: expect.stringMatching(/missing: the bundle is incomplete/) });
    } finally {
      await done();
    }
  });

  it('rejects malformed manifests with the file and the bad field', async () => {
    await expectBad(root, '{"format": "beamstack-bundle", ', /not valid JSON/);
    await expectBad(root, '[]', /manifest: must be an object, got an array/);
    await expectBad(root, '"x"', /manifest: must be an object/);
    await expectBad(root, edited((m) => (m.format = 'zip')), /format: must be "beamstack-bundle", got "zip"/);
    await expectBad(root, edited((m) => (m.version = 2)), /version: is 2; this beamstack reads bundle manifests up to version 1/);
    await expectBad(root, edited((m) => (m.version = '1')), /version: must be a whole number, got "1"/);
    await expectBad(root, edited((m) => (m.created = 'yesterday')), /created: must be an ISO 8601 time/);
    await expectBad(root, edited((m) => (m.files = {})), /files: must be an array, got an object/);
    await expectBad(root, edited((m) => (m.files[0].bytes = '100')), /files\[0\]\.bytes: must be a whole number, got "100"/);
    await expectBad(root, edited((m) => (m.files[0].bytes = -1)), /files\[0\]\.bytes: must be between 0 and/);
    await expectBad(root, edited((m) => (m.files[0].bytes = 1e300)), /files\[0\]\.bytes: must be a whole number/);
    await expectBad(root, edited((m) => (m.files[2].sha256 = HEX.toUpperCase())), /files\[2\]\.sha256: must be 64 lowercase hex/);
    await expectBad(root, edited((m) => (m.files[2].path = '../README.txt')), /files\[2\]\.path: "\.\.\/README\.txt" has an empty, '\.' or '\.\.' segment/);
    await expectBad(root, edited((m) => (m.files[2].path = '/etc/passwd')), /files\[2\]\.path: .* is absolute/);
    await expectBad(root, edited((m) => (m.files[2].path = 'a\\b')), /files\[2\]\.path: .*uses '\\'/);
    await expectBad(root, edited((m) => (m.files[2].path = 'x_master.h5')), /files\[2\]\.path: "x_master\.h5" is listed twice \(also files\[0\]\)/);
    await expectBad(root, edited((m) => (m.files[2].path = MANIFEST_NAME)), /does not list itself/);
    await expectBad(root, edited((m) => (m.files[2].role = 7)), /files\[2\]\.role: must be a string, got number 7/);
    await expectBad(root, edited((m) => delete m.output.master), /output\.master: is required for an NXmx bundle/);
    await expectBad(root, edited((m) => (m.output.master = 'other.h5')), /output\.master: "other\.h5" is not listed in files/);
    await expectBad(root, edited((m) => (m.files[0].role = 'data')), /files\[0\]\.(frames|role)/);
    await expectBad(root, edited((m) => (m.output.shape = [8])), /output\.shape: must be \[height, width\]/);
    await expectBad(root, edited((m) => (m.output.shape = [8, 16, 1])), /output\.shape: has 3 entries/);
    await expectBad(root, edited((m) => (m.output.dtype = 'float32')), /output\.dtype: must be "uint8" or/);
    await expectBad(root, edited((m) => (m.output.format = 'tiff')), /output\.format: must be "nxmx" or "cbf"/);
    await expectBad(root, edited((m) => (m.frames = null)), /frames: must be an object, got null/);
    await expectBad(root, edited((m) => (m.stack.stages[0].options = [1])), /stack\.stages\[0\]\.options: must be an object, got an array/);
    await expectBad(root, edited((m) => (m.source.files[0].sha256 = 'abc')), /source\.files\[0\]\.sha256/);
    await expectBad(root, edited((m) => (m.tool = 'x'.repeat(5000))), /tool: is 5000 characters long/);
  });

  it('bounds hostile JSON: deep nesting, huge files, non-UTF-8, prototype keys', async () => {
    const deep = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    await expectBad(root, edited((m) => (m.stack.stages[0].options = 'DEEP')).replace('"DEEP"', deep), /stack\.stages\[0\]\.options(\.a)+: nests deeper than 64 levels/);
    await expectBad(root, '['.repeat(1_000_000) + ']'.repeat(1_000_000), /manifest: must be an object/);

    // A sparse file past the limit: refused from its size, never allocated.
    const handle = await open(join(root, MANIFEST_NAME), 'w');
    await handle.truncate(MAX_MANIFEST_BYTES + 1);
    await handle.close();
    await expect(readManifest(root)).rejects.toMatchObject({ code: ErrorCodes.INPUT, message: expect.stringMatching(/is more than the 67108864 bytes a manifest may have/) });

    await writeFile(join(root, MANIFEST_NAME), Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    await expect(readManifest(root)).rejects.toThrow(/not UTF-8 text/);

    const proto = edited((m) => (m.stack.stages[0].options = { n: 1 })).replace('"n":1', '"__proto__":{"polluted":true},"n":1');
    await writeFile(join(root, MANIFEST_NAME), proto);
    const read = await readManifest(root);
    const options = read.stack.stages[0]!.options as Record<string, unknown>;
    expect(Object.getPrototypeOf(options)).toBe(Object.prototype);
    expect(Object.keys(options)).toEqual(['__proto__', 'n']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('accepts only portable relative bundle paths', () => {
    for (const good of ['a.h5', 'sub/a.h5', 'README.txt', '.hidden']) expect(bundlePathProblem(good), good).toBeNull();
    for (const bad of ['', '/a', 'C:/a', 'a\\b', 'a//b', './a', 'a/../b', '..', 'a/', 'a\u0000b', 'x'.repeat(1025), 'a/'.repeat(16) + 'b']) {
      expect(bundlePathProblem(bad), JSON.stringify(bad)).not.toBeNull();
    }
  });
});

describe('hashing', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ root, cleanup } = await tempRoot()));
  afterAll(() => cleanup());

  it('hashes files in worker threads, matching node:crypto, each with its size', async () => {
    const paths: string[] = [];
    const expected = new Map<string, string>();
    for (let i = 0; i < 7; i++) {
      // Sizes around the 1 MiB read block, and an empty file.
      const data = Buffer.alloc([0, 1, 1 << 20, (1 << 20) + 1, 3 << 20, 12345, 2][i]!, i * 37 + 1);
      const path = join(root, `f${i}.bin`);
      await writeFile(path, data);
      paths.push(path);
      expected.set(path, createHash('sha256').update(data).digest('hex'));
    }
    const digests = await hashFiles([...paths, paths[0]!], { threads: 3 });
    expect(digests.size).toBe(7);
    for (const path of paths) {
      const size = (await readFile(path)).length;
      expect(digests.get(path)).toEqual({ bytes: size, sha256: expected.get(path) });
      expect(await sha256File(path)).toBe(expected.get(path));
    }
    expect(digests.get(paths[0]!)!.sha256).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(await hashFiles([])).toEqual(new Map());
  });

  it('names the file it cannot read, and refuses a bad thread count', async () => {
    const missing = join(root, 'nope.bin');
    await expect(hashFiles([join(root, 'f1.bin'), missing])).rejects.toMatchObject({ code: ErrorCodes.INPUT, context: { file: missing } });
    await expect(sha256File(missing)).rejects.toMatchObject({ code: ErrorCodes.INPUT, context: { file: missing } });
    await expect(hashFiles([missing], { threads: 0 })).rejects.toMatchObject({ code: ErrorCodes.OPTIONS });
  });
});
