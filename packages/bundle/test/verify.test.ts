import { mkdir, readFile, rename, rm, symlink, truncate, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes, type DType, type Hdf5Filter } from '@beamstack/contract';
import { Hdf5File } from '@beamstack/hdf5';
import { verifyBundle, type ChunkDecoder, type Finding, type VerifyReport } from '../dist/index.js';
import { chunkOffset, copyBundle, flipByte, FRAMES, FRAMES_PER_FILE, makeBundles, SHAPE, tempRoot, writeTestManifest } from './fixtures.js';

interface DecodeCall {
  filters: readonly Hdf5Filter[];
  bytes: number;
  shape: [number, number];
  dtype: DType;
  codec?: string;
}

/** Records what it is asked to decode; throws for chunks `reject` picks (a stand-in for a codec). */
function recordingDecoder(reject: (bytes: Uint8Array) => boolean = () => false): ChunkDecoder & { calls: DecodeCall[] } {
  const calls: DecodeCall[] = [];
  return {
    calls,
    decode(filters, bytes, frame) {
      calls.push({ filters, bytes: bytes.length, shape: frame.shape, dtype: frame.dtype });
      if (reject(bytes)) throw new Error('corrupt chunk (test decoder)');
    },
    decodeCodec(codec, bytes, frame) {
      calls.push({ filters: [], bytes: bytes.length, shape: frame.shape, dtype: frame.dtype, codec });
      if (reject(bytes)) throw new Error('corrupt payload (test decoder)');
    },
  };
}

const codes = (report: VerifyReport): string[] => report.findings.map((f) => `${f.code} ${f.file ?? '-'}`).sort();
const only = (report: VerifyReport, code: Finding['code']): Finding[] => report.findings.filter((f) => f.code === code);

describe('verifyBundle', () => {
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

  it('finds a sound NXmx bundle sound, and hands every chunk to the decoder when deep', async () => {
    const report = await verifyBundle(nxmx, { deep: false, threads: 2 });
    expect(report).toEqual({ ok: true, dir: nxmx, deep: false, files: 5, frames: FRAMES, findings: [] });
    const decoder = recordingDecoder();
    const deep = await verifyBundle(nxmx, { deep: true, decoder });
    expect(deep.ok).toBe(true);
    expect(decoder.calls).toHaveLength(FRAMES);
    for (const call of decoder.calls) {
      expect(call.filters.map((f) => f.id)).toEqual([32008]);
      expect(call.shape).toEqual(SHAPE);
      expect(call.dtype).toBe('uint32');
      expect(call.bytes).toBeGreaterThan(16);
    }
  });

  it('finds a sound CBF bundle sound; deep parses each file, checks its MD5 and decodes the payload', async () => {
    expect(await verifyBundle(cbf, { deep: false })).toMatchObject({ ok: true, files: FRAMES + 1, frames: FRAMES, findings: [] });
    const decoder = recordingDecoder();
    expect((await verifyBundle(cbf, { deep: true, decoder })).findings).toEqual([]);
    expect(decoder.calls).toHaveLength(FRAMES);
    expect(decoder.calls.every((c) => c.codec === 'byte-offset' && c.dtype === 'int32' && c.shape[0] === SHAPE[0] && c.shape[1] === SHAPE[1])).toBe(true);
  });

  it('reports a flipped byte as a checksum finding, and as a decode finding naming file and frame when deep', async () => {
    const dir = await copy(nxmx);
    const file = join(dir, 'series_data_000002.h5');
    const chunk = await chunkOffset(file, 1);
    await flipByte(file, chunk.offset + Math.floor(chunk.length / 2));
    const shallow = await verifyBundle(dir, { deep: false });
    expect(shallow.ok).toBe(false);
    expect(codes(shallow)).toEqual(['checksum series_data_000002.h5']);
    expect(shallow.findings[0]!.message).toMatch(/^SHA-256 is [0-9a-f]{64}; the manifest says [0-9a-f]{64}$/);

    // The stand-in codec rejects exactly the damaged chunk (a real codec is used in the CLI tests).
    const damaged = Buffer.from((await readFile(file)).subarray(chunk.offset, chunk.offset + chunk.length));
    const decoder = recordingDecoder((bytes) => damaged.equals(bytes));
    const deep = await verifyBundle(dir, { deep: true, decoder });
    expect(codes(deep)).toEqual(['checksum series_data_000002.h5', 'decode series_data_000002.h5']);
    expect(only(deep, 'decode')[0]!.message).toBe('frame 1 of this file (image 4 of the series): corrupt chunk (test decoder)');
  });

  it('reports missing, truncated and unlisted files, and leftovers of an interrupted write', async () => {
    const dir = await copy(nxmx);
    await unlink(join(dir, 'series_data_000003.h5'));
    await truncate(join(dir, 'series_data_000001.h5'), 5000);
    await writeFile(join(dir, '.series_data_000004.h5.partial-4242'), 'half a file');
    await writeFile(join(dir, 'notes.txt'), 'not in the manifest');
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'sub', 'x.bin'), 'x');
    const report = await verifyBundle(dir, { deep: false });
    expect(report.ok).toBe(false);
    expect(codes(report)).toEqual([
      'extra notes.txt',
      'extra sub/x.bin',
      'missing series_data_000003.h5',
      'partial .series_data_000004.h5.partial-4242',
      'size series_data_000001.h5',
    ]);
    expect(only(report, 'size')[0]!.message).toMatch(/^has 5000 bytes; the manifest says \d+ \(truncated\?\)$/);
    expect(only(report, 'missing')[0]!.message).toBe('listed in the manifest but not in the bundle');
    // Links to the missing and truncated files, and their frame counts, are not reported again.
  });

  it('reports a missing or malformed manifest as a manifest finding, still listing leftovers', async () => {
    const dir = await copy(nxmx);
    await rename(join(dir, 'MANIFEST.json'), join(dir, '.MANIFEST.json.partial-99'));
    const report = await verifyBundle(dir, { deep: false });
    expect(report).toMatchObject({ ok: false, files: 0, frames: 0 });
    expect(codes(report)).toEqual(['manifest MANIFEST.json', 'partial .MANIFEST.json.partial-99']);
    expect(only(report, 'manifest')[0]!.message).toMatch(/^missing: the bundle is incomplete/);

    await writeFile(join(dir, 'MANIFEST.json'), '{"format":"beamstack-bundle","version":1,"files":3}');
    expect(only(await verifyBundle(dir, { deep: false }), 'manifest')[0]!.message).toMatch(/^created: must be a string/);
  });

  it('reports frame counts that disagree with the manifest', async () => {
    const dir = await copy(nxmx);
    await writeTestManifest(dir, 'nxmx', (m) => {
      m.output.frames = 7;
      m.frames.out = 7;
      m.files.find((f) => f.path === 'series_data_000002.h5')!.frames = 3;
    });
    const report = await verifyBundle(dir, { deep: false });
    expect(codes(report)).toEqual(['frames -', 'frames series_data_000002.h5', 'frames series_master.h5']);
    expect(report.findings.map((f) => f.message)).toEqual(
      expect.arrayContaining([
        'holds 2 frames; the manifest says 3',
        'the data files hold 6 frames; the manifest says output.frames = 7',
        'virtual dataset /entry/data/data spans 6 frames; the manifest says output.frames = 7',
      ]),
    );

    const wrongShape = await copy(cbf);
    await writeTestManifest(wrongShape, 'cbf', (m) => {
      m.output.shape = [256, 128];
      m.output.frames = 5;
      m.frames.out = 6;
    });
    const cbfReport = await verifyBundle(wrongShape, { deep: false });
    expect(only(cbfReport, 'frames')).toHaveLength(FRAMES + 1);
    expect(only(cbfReport, 'frames')[0]!.message).toBe('the manifest lists 6 frame files; output.frames = 5');
    expect(only(cbfReport, 'frames')[1]!.message).toBe('frame is 256x256; the manifest says 256x128');
    expect(only(cbfReport, 'manifest')[0]!.message).toBe('frames.out is 6 but output.frames is 5');
  });

  it('reports links that leave the bundle, are absolute, or name unlisted or missing files', async () => {
    const dir = await copy(nxmx);
    await writeFile(join(root, 'outside.h5'), 'x');
    const master = join(dir, 'series_master.h5');
    await rm(master);
    const file = await Hdf5File.create(master);
    file.group('/entry/data', { NX_class: 'NXdata' });
    file.externalLink('/entry/data/data_000001', 'series_data_000001.h5', '/entry/data/data');
    file.externalLink('/entry/data/data_000002', '../outside.h5', '/entry/data/data');
    file.externalLink('/entry/data/data_000003', '/tmp/elsewhere/series_data_000003.h5', '/entry/data/data');
    file.externalLink('/entry/data/data_000004', 'series_data_000003.h5', '/entry/data/nothing');
    file.externalLink('/entry/instrument/mask', 'notes.txt', '/mask');
    file.virtualDataset('/entry/data/data', {
      dtype: 'uint32',
      shape: [FRAMES, ...SHAPE],
      sources: [
        { file: 'series_data_000001.h5', dataset: '/entry/data/data', frames: FRAMES_PER_FILE, firstFrame: 0 },
        { file: 'sub/../../escape.h5', dataset: '/entry/data/data', frames: FRAMES_PER_FILE, firstFrame: 2 },
        { file: 'series_data_000099.h5', dataset: '/entry/data/data', frames: FRAMES_PER_FILE, firstFrame: 4 },
      ],
    });
    await file.close();
    await writeFile(join(dir, 'notes.txt'), 'unlisted');
    await writeTestManifest(dir, 'nxmx', (m) => (m.files = m.files.filter((f) => f.path !== 'notes.txt')));

    const report = await verifyBundle(dir, { deep: false });
    const links = only(report, 'link').map((f) => `${f.file}: ${f.message}`);
    expect(links).toHaveLength(6);
    expect(links).toEqual(
      expect.arrayContaining([
        'series_master.h5: /entry/data/data: virtual dataset source to "series_data_000099.h5" points to series_data_000099.h5, which is not in the bundle',
        'series_master.h5: /entry/data/data: virtual dataset source to "sub/../../escape.h5" leads outside the bundle folder',
        'series_master.h5: /entry/data/data_000002: external link to "../outside.h5" leads outside the bundle folder',
        'series_master.h5: /entry/data/data_000003: external link to "/tmp/elsewhere/series_data_000003.h5" is an absolute path; a bundle must work wherever it is copied',
        expect.stringMatching(/^series_master\.h5: \/entry\/data\/data_000004: external link to "series_data_000003\.h5": \/entry\/data\/nothing does not exist in series_data_000003\.h5/),
        'series_master.h5: /entry/instrument/mask: external link to "notes.txt" points to notes.txt, which the manifest does not list',
      ]),
    );
    expect(codes(report).filter((c) => !c.startsWith('link'))).toEqual(['extra notes.txt']);
  });

  it('reports symbolic links instead of following them', async () => {
    const dir = await copy(cbf);
    const target = join(dir, 'series_000002.cbf');
    await rename(target, join(root, 'moved.cbf'));
    await symlink(join(root, 'moved.cbf'), target);
    await symlink(root, join(dir, 'up'));
    const report = await verifyBundle(dir, { deep: false });
    expect(codes(report)).toEqual(['extra up', 'link series_000002.cbf']);
    expect(report.frames).toBe(FRAMES - 1);
  });

  it('turns a damaged CBF payload into checksum and decode findings, never an exception', async () => {
    const dir = await copy(cbf);
    const file = join(dir, 'series_000004.cbf');
    const bytes = await readFile(file);
    const marker = bytes.indexOf(Buffer.from([0x0c, 0x1a, 0x04, 0xd5]));
    await flipByte(file, marker + 100);
    const report = await verifyBundle(dir, { deep: true, decoder: recordingDecoder() });
    expect(codes(report)).toEqual(['checksum series_000004.cbf', 'decode series_000004.cbf']);
    expect(only(report, 'decode')[0]!.message).toMatch(/^frame 0 of this file: Content-MD5 of the data is \S+; the header says \S+$/);

    // A wrong size is reported once, without opening the file; a short file the manifest agrees
    // with (a writer that hashed what it wrote) is opened and found truncated.
    await truncate(file, marker + 50);
    expect(codes(await verifyBundle(dir, { deep: true, decoder: recordingDecoder() }))).toEqual(['size series_000004.cbf']);
    await writeTestManifest(dir, 'cbf');
    const truncated = await verifyBundle(dir, { deep: true, decoder: recordingDecoder() });
    expect(codes(truncated)).toEqual(['decode series_000004.cbf']);
    expect(only(truncated, 'decode')[0]!.message).toMatch(/^frame 0 of this file: truncated/);
    const shallow = await verifyBundle(dir, { deep: false });
    expect(codes(shallow)).toEqual(['frames series_000004.cbf']);
    expect(shallow.findings[0]!.message).toMatch(/^truncated: the header declares data up to byte \d+ of a \d+-byte file$/);
  });

  it('refuses what it cannot do: no folder, deep without a decoder', async () => {
    await expect(verifyBundle(join(root, 'nope'), { deep: false })).rejects.toMatchObject({ code: ErrorCodes.INPUT });
    await expect(verifyBundle(nxmx, { deep: true })).rejects.toMatchObject({ code: ErrorCodes.OPTIONS });
    await expect(verifyBundle(cbf, { deep: true, decoder: { decode: () => undefined } })).rejects.toMatchObject({ code: ErrorCodes.OPTIONS });
  });
});
