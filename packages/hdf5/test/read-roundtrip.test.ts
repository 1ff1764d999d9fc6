import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeInterop } from '@beamstack/testkit/vitest';
import { Hdf5File, Hdf5Reader, array, f32, f64, i8, i16, i64, str, u16, u32, u64 } from '../src/index.js';
import { tempDir } from './helpers.js';
import { expectMatchesView, h5view } from './read-view.js';

/**
 * Files written by our own writer, read back: every chunk comes back byte for byte with its
 * filter mask, and the whole file matches h5py's view of it.
 */
const dir = tempDir('read-roundtrip');
const FRAME = [16, 24];
const chunks = new Map<number, { bytes: Uint8Array; mask: number }>();
let dataFile = '';
let masterFile = '';

async function writeFiles(): Promise<void> {
  dataFile = join(dir, 'series_data_000001.h5');
  const f = await Hdf5File.create(dataFile);
  f.group('/entry', { NX_class: 'NXentry' });
  f.group('/entry/data', { NX_class: 'NXdata' });
  const ds = f.chunkedDataset('/entry/data/data', {
    dtype: 'uint32',
    frameShape: FRAME,
    filters: [{ id: 32008, flags: 0, cdValues: [0, 3, 4, 0, 2] }],
    fillValue: 0xffffffff,
    maxFrames: 1000,
    attrs: { image_nr_low: u64(1) },
  });
  // 300 frames (a two-level B-tree), written out of order, a few never written, sizes varying.
  const order = Array.from({ length: 300 }, (_, i) => (i * 7) % 300).filter((i) => i % 50 !== 13);
  for (const i of order) {
    // Frame 42 skipped the (only) filter: stored raw, so exactly one frame of bytes.
    const mask = i === 42 ? 0b1 : 0;
    const bytes = randomBytes(mask ? FRAME[0]! * FRAME[1]! * 4 : 100 + ((i * 37) % 900));
    chunks.set(i, { bytes, mask });
    await ds.writeChunk(i, bytes, mask);
  }
  ds.setFrameCount(305);
  ds.attr('image_nr_high', u64(305));
  await f.close();

  masterFile = join(dir, 'series_master.h5');
  const m = await Hdf5File.create(masterFile);
  m.root.attr('default', 'entry');
  m.group('/entry', { NX_class: 'NXentry' });
  m.dataset('/entry/definition', str('NXmx'));
  m.dataset('/entry/names', str(['a', 'bcd', 'Ångström']));
  m.dataset('/entry/pixel', f32(75e-6), { units: 'm' });
  m.dataset('/entry/omega', f64([0, 0.1, 0.2]), { vector: [-1, 0, 0], depends_on: '.' });
  m.dataset('/entry/mask', { dtype: 'uint32', shape: [6, 7], data: new Uint32Array(42).map((_, i) => i % 3) });
  m.dataset('/entry/counts', array('int16', [2, 3], [1, -2, 3, -4, 5, -6]));
  m.group('/entry/ints').attrs({ a_i8: i8(-128), a_u16: u16(65535), a_u32: u32(4294967295), a_i64: i64(-(2n ** 63n)), big: u64(2n ** 64n - 1n) });
  m.externalLink('/entry/data/data_000001', 'series_data_000001.h5', '/entry/data/data');
  m.softLink('/entry/alias', '/entry/definition');
  m.virtualDataset('/entry/data/data', {
    dtype: 'uint32',
    shape: [610, ...FRAME],
    fillValue: 0xffffffff,
    sources: [
      { file: 'series_data_000001.h5', dataset: '/entry/data/data', frames: 305, firstFrame: 0 },
      { file: 'series_data_000001.h5', dataset: '/entry/data/data', frames: 305, firstFrame: 305 },
    ],
  });
  await m.close();
}

describe('reader on files written by our writer', () => {
  beforeAll(writeFiles);

  it('returns every chunk byte for byte with its filter mask; unwritten frames are null', async () => {
    const r = await Hdf5Reader.open(dataFile);
    const ds = await r.dataset('/entry/data/data');
    expect(ds.shape).toEqual([305, ...FRAME]);
    expect(ds.maxshape).toEqual([null, ...FRAME]);
    expect(ds.chunks).toEqual([1, ...FRAME]);
    expect(ds.dtype).toEqual({ class: 'uint', size: 4, littleEndian: true });
    expect(ds.filters).toEqual([{ id: 32008, flags: 0, cdValues: [0, 3, 4, 0, 2] }]);
    expect(ds.fillValue).toEqual(new Uint8Array([255, 255, 255, 255]));
    expect(ds.chunkIndex).toBe('btree-v1');
    expect(await ds.attributes()).toEqual({ image_nr_low: 1n, image_nr_high: 305n });
    for (let i = 0; i < 305; i++) {
      const got = await ds.readFrameChunk(i);
      const want = chunks.get(i);
      if (!want) {
        expect(got, `frame ${i}`).toBeNull();
        continue;
      }
      expect(got!.filterMask, `frame ${i}`).toBe(want.mask);
      expect(Buffer.from(got!.bytes).equals(Buffer.from(want.bytes)), `frame ${i}`).toBe(true);
      expect(got!.bytes.byteOffset, 'fresh buffer').toBe(0);
      expect(got!.bytes.buffer.byteLength, 'fresh buffer').toBe(want.bytes.length);
    }
    await r.close();
  });

  it('reads the master: values, attributes, links and the virtual mapping', async () => {
    const r = await Hdf5Reader.open(masterFile);
    expect(await r.attributes('/')).toEqual({ default: 'entry' });
    expect(await (await r.dataset('/entry/definition')).read()).toBe('NXmx');
    expect(await (await r.dataset('/entry/alias')).read()).toBe('NXmx');
    expect(await (await r.dataset('/entry/names')).read()).toEqual(['a', 'bcd', 'Ångström']);
    expect(await (await r.dataset('/entry/pixel')).read()).toBe(Math.fround(75e-6));
    const omega = await r.dataset('/entry/omega');
    expect(await omega.read()).toEqual(new Float64Array([0, 0.1, 0.2]));
    expect(await omega.attributes()).toEqual({ vector: new Float64Array([-1, 0, 0]), depends_on: '.' });
    expect(await (await r.dataset('/entry/mask')).read()).toEqual(new Uint32Array(42).map((_, i) => i % 3));
    expect(await (await r.dataset('/entry/counts')).read()).toEqual(new Int16Array([1, -2, 3, -4, 5, -6]));
    expect(await r.attributes('/entry/ints')).toEqual({ a_i8: -128, a_u16: 65535, a_u32: 4294967295, a_i64: -(2n ** 63n), big: 2n ** 64n - 1n });
    expect(await r.lookup('/entry/data/data_000001')).toEqual({
      kind: 'external',
      path: '/entry/data/data_000001',
      file: 'series_data_000001.h5',
      resolvedFile: dataFile,
      target: '/entry/data/data',
    });
    const linked = await r.dataset('/entry/data/data_000001');
    expect(linked.file).toBe(dataFile);
    expect(Buffer.from((await linked.readFrameChunk(7))!.bytes).equals(Buffer.from(chunks.get(7)!.bytes))).toBe(true);
    const vds = await r.dataset('/entry/data/data');
    expect(vds.layout).toBe('virtual');
    expect(vds.shape).toEqual([610, ...FRAME]);
    expect(await vds.virtualSources()).toEqual([
      { file: 'series_data_000001.h5', dataset: '/entry/data/data', firstFrame: 0, frames: 305, sourceFirstFrame: 0 },
      { file: 'series_data_000001.h5', dataset: '/entry/data/data', firstFrame: 305, frames: 305, sourceFirstFrame: 0 },
    ]);
    await r.close();
  });
});

describeInterop('reader on our writer\'s files vs h5py', ['h5py', 'hdf5plugin'], () => {
  beforeAll(async () => {
    if (!dataFile) await writeFiles();
  });

  it('matches h5py object by object (chunks via read_direct_chunk)', async () => {
    const view = h5view([dataFile, masterFile]);
    for (const file of [dataFile, masterFile]) {
      const r = await Hdf5Reader.open(file);
      await expectMatchesView(r, view[file]!.objects, { skipValue: (_p, o) => (o.filters ?? []).length > 0 });
      await r.close();
    }
  });
});

