import { beforeAll, expect, it } from 'vitest';
import { describeDectris } from '@beamstack/testkit/vitest';
import { interopStatus, INTEROP_REQUIRED } from '@beamstack/testkit';
import { Hdf5Reader } from '../src/index.js';
import { expectMatchesView, h5view, type View } from './read-view.js';

/**
 * Real DECTRIS Eiger data files (Eiger1: superblock 0, old-style groups; Eiger2 firmware 2020.2.2:
 * superblock 2, layout 3 with a v1 B-tree): every chunk's raw bytes and filter mask equal
 * h5py's read_direct_chunk; shape, dtype, filters, cd_values, fill value and image_nr attributes
 * equal h5py's.
 */
describeDectris('reader on real DECTRIS files', /_data_\d+\.h5$/, (files) => {
  let view: View = {};
  const h5py = interopStatus(['h5py', 'hdf5plugin']);

  beforeAll(() => {
    if (h5py.available) view = h5view(files);
    else if (INTEROP_REQUIRED) throw new Error(h5py.reason);
    else console.warn(`\n*** DECTRIS reader test without h5py comparison: ${h5py.reason} ***\n`);
  });

  for (const file of files) {
    it(file.split('/').pop()!, async () => {
      const r = await Hdf5Reader.open(file);
      const ds = await r.dataset('/entry/data/data');
      expect(ds.chunkIndex).toBe('btree-v1');
      expect(ds.chunks).toEqual([1, ...ds.shape.slice(1)]);
      const attrs = await ds.attributes();
      expect(Number(attrs['image_nr_high']) - Number(attrs['image_nr_low']) + 1).toBe(ds.shape[0]);
      for (let i = 0; i < ds.shape[0]!; i++) expect((await ds.readFrameChunk(i))!.bytes.length).toBeGreaterThan(0);
      if (h5py.available) await expectMatchesView(r, view[file]!.objects, { skipValue: () => true });
      await r.close();
    });
  }
});
