import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes, type CodecStage } from '@beamstack/contract';
import { describeInterop } from '@beamstack/testkit/vitest';
import { readAllFrames, tempDir } from '@beamstack/testkit';
import { openEiger, type EigerSession } from '../src/index.js';
import { npyFrame, pixelsOf, python, readNpy, realCodecs, sameArray, testContext } from './helpers.js';
import { shuffleDeflateCodec } from './shuffle-deflate-codec.js';

const MAKE_LAYOUTS = join(import.meta.dirname, 'make_layouts.py');

describeInterop('other layouts written by h5py', ['h5py', 'hdf5plugin', 'numpy'], () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let masks: Record<string, number[]>;
  const sessions: EigerSession[] = [];
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    const out = python(readFileSync(MAKE_LAYOUTS, 'utf8'), [dir]);
    masks = (JSON.parse(out.trim().split('\n').pop()!) as { masks: Record<string, number[]> }).masks;
  });
  afterAll(async () => {
    for (const s of sessions) await s.close();
    await cleanup();
  });

  const open = async (file: string, dataset: string | undefined, codecs: CodecStage[] = realCodecs()) => {
    const t = testContext(dir, codecs);
    const session = await openEiger({ path: file, ...(dataset ? { dataset } : {}), verify: false }, t.ctx);
    sessions.push(session);
    return { session, warnings: t.warnings };
  };
  const expectFrames = async (session: EigerSession, npy: string, codecs: CodecStage[] = realCodecs()) => {
    const expected = readNpy(join(dir, npy));
    const frames = await readAllFrames(session);
    expect(frames.length).toBe(expected.shape.length === 2 ? 1 : expected.shape[0]);
    frames.forEach((f, i) => {
      const want = expected.shape.length === 2 ? expected.data : npyFrame(expected, i);
      expect(sameArray(pixelsOf(f, codecs), want), `frame ${i}`).toBe(true);
    });
    return frames;
  };
  const inputError = async (promise: Promise<unknown>) => {
    const error = (await promise.then(() => null, (e: unknown) => e)) as { code?: string; context?: Record<string, unknown>; message?: string } | null;
    expect(error, 'expected an error').not.toBeNull();
    expect(error!.code).toBe(ErrorCodes.INPUT);
    return error!;
  };

  describe('libver latest chunk indices and links', () => {
    it('extensible array index, bslz4 at a custom path', async () => {
      const { session } = await open('latest.h5', '/x/y');
      expect(session.encoding?.codec).toBe('bslz4');
      await expectFrames(session, 'latest_x_y.npy');
    });
    it('fixed array index, lz4', async () => {
      const { session } = await open('latest.h5', '/fixed');
      expect(session.encoding?.codec).toBe('lz4');
      await expectFrames(session, 'latest_fixed.npy');
    });
    it('v2 B-tree index, unfiltered → pixels', async () => {
      const { session } = await open('latest.h5', '/btree2');
      expect(session.encoding).toBeNull();
      await expectFrames(session, 'latest_btree2.npy');
    });
    it('soft and hard links to the data', async () => {
      for (const path of ['/soft', '/group/hard']) {
        const { session } = await open('latest.h5', path);
        await expectFrames(session, 'latest_x_y.npy');
      }
    });
    it('a dangling soft link or a missing path is an INPUT error naming file and dataset', async () => {
      for (const path of ['/dangling', '/no/such/data']) {
        const error = await inputError(open('latest.h5', path));
        expect(error.context).toMatchObject({ file: join(dir, 'latest.h5'), dataset: path });
      }
    });
  });

  describe('external links', () => {
    it('data_NNNNNN links into a subfolder resolve against the master folder (relative path option)', async () => {
      const { session, warnings } = await open('sub_master.h5', undefined);
      expect(session.meta.frameCount).toBe(6);
      expect(session.meta.provenance.inputs.map((i) => i.path)).toEqual([
        join(dir, 'sub_master.h5'),
        join(dir, 'sub/deeper/run_data_000001.h5'),
        join(dir, 'sub/deeper/run_data_000002.h5'),
      ]);
      expect(warnings.some((w) => /metadata field/.test(w))).toBe(true);
      await expectFrames(session, 'sub_master.npy');
    });
    it('the dataset option may name an external link', async () => {
      const { session } = await open('sub_master.h5', '/entry/ext');
      expect(session.meta.frameCount).toBe(2);
      const all = readNpy(join(dir, 'sub_master.npy'));
      for (const i of [0, 1]) expect(sameArray(pixelsOf(await session.read(i)), npyFrame(all, 4 + i))).toBe(true);
    });
  });

  describe('frames not stored one per chunk: decoded by HDF5 (h5wasm)', () => {
    it('tiles of 2 frames × half a frame, shuffle + deflate', async () => {
      const { session } = await open('chunked.h5', '/tiles');
      expect(session.encoding).toBeNull();
      await expectFrames(session, 'tiles.npy');
    });
    it('contiguous', async () => {
      const { session } = await open('chunked.h5', '/contiguous');
      await expectFrames(session, 'contiguous.npy');
    });
    it('tiles with a filter HDF5 lacks (bitshuffle) are an INPUT error at open', async () => {
      const error = await inputError(open('chunked.h5', '/tiles_bslz4'));
      expect(error.message).toMatch(/32008/);
      expect(error.context).toMatchObject({ dataset: '/tiles_bslz4' });
    });
  });

  describe('chunks that are missing or skipped filters', () => {
    it('missing chunks read as the fill value, in the declared encoding, with a warning naming the frame', async () => {
      const { session, warnings } = await open('sparse.h5', undefined);
      expect(session.encoding?.codec).toBe('bslz4');
      const frames = await expectFrames(session, 'sparse.npy');
      expect(frames.every((f) => f.encoded?.codec === 'bslz4')).toBe(true);
      for (const i of [1, 3, 4]) expect(warnings.some((w) => w.includes(`frame ${i} has no stored chunk`))).toBe(true);
      const raw = await open('sparse.h5', '/raw');
      const rawFrames = await expectFrames(raw.session, 'sparse_raw.npy');
      expect(rawFrames[0]!.pixels![0]).toBe(0xffffffff);
    });
    it('a bslz4 chunk stored raw (filter mask 1) is re-encoded as bslz4', async () => {
      expect(masks['bslz4']).toEqual([0, 1, 0, 0, 0, 0]);
      const { session, warnings } = await open('masked.h5', '/bslz4');
      const frames = await expectFrames(session, 'masked_bslz4.npy');
      expect(frames[1]!.encoded?.codec).toBe('bslz4');
      expect(warnings.filter((w) => /filters skipped/.test(w))).toHaveLength(1);
    });
    it('shuffle + deflate chunks with deflate skipped (mask 2) or both skipped (mask 3) are re-encoded', async () => {
      expect(masks['shuffle_deflate']).toEqual([0, 0, 0, 2, 3, 0]);
      const codecs = [shuffleDeflateCodec as unknown as CodecStage, ...realCodecs()];
      const { session, warnings } = await open('masked.h5', '/shuffle_deflate', codecs);
      expect(session.encoding?.codec).toBe('test-shuffle-deflate');
      await expectFrames(session, 'masked_shuffle_deflate.npy', codecs);
      expect(warnings.filter((w) => /filters skipped/.test(w))).toHaveLength(2);
      // With only the real codecs the same frames come out (as a deflate codec's chunks or as pixels).
      const plain = await open('masked.h5', '/shuffle_deflate');
      await expectFrames(plain.session, 'masked_shuffle_deflate.npy');
    });
  });

  describe('pixel types', () => {
    it('a 2-D int16 dataset is one frame', async () => {
      const { session } = await open('types.h5', '/image');
      expect(session.meta).toMatchObject({ frameCount: 1, dtype: 'int16', shape: [40, 56] });
      await expectFrames(session, 'types_image.npy');
    });
    it('int32 frames', async () => {
      const { session } = await open('types.h5', '/signed');
      expect(session.meta.dtype).toBe('int32');
      await expectFrames(session, 'types_signed.npy');
    });
    it('float, big-endian and 64-bit data, and groups, are INPUT errors naming the dataset', async () => {
      for (const [path, why] of [['/float', /integers/], ['/big_endian', /big-endian/], ['/wide', /64-bit/], ['/agroup', /group/]] as const) {
        const error = await inputError(open('types.h5', path));
        expect(error.message).toMatch(why);
        expect(error.context).toMatchObject({ dataset: path });
      }
    });
  });
});
