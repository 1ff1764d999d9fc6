import { beforeAll, expect, it } from 'vitest';
import { describeInterop } from '@beamstack/testkit/vitest';
import { Hdf5Reader } from '../src/index.js';
import { tempDir } from './helpers.js';
import { expectMatchesView, h5view, makeFixtures, type View } from './read-view.js';

/**
 * Files written by h5py (HDF5 1.10) in every format variant the reader supports, compared object
 * by object with h5py's own view: links, attributes, dataset metadata, the raw bytes and filter
 * mask of every stored chunk (read_direct_chunk) and decoded values.
 */
const dir = tempDir('read-h5py');
let files: Record<string, string> = {};
let view: View = {};

// Datasets whose filters read() leaves to codec plugins (h5py decodes them via hdf5plugin).
const codecFiltered = (_path: string, o: { filters?: readonly { id: number }[] }): boolean =>
  (o.filters ?? []).some((f) => f.id === 32008 || f.id === 32004);

describeInterop('reader vs h5py', ['h5py', 'hdf5plugin'], () => {
  beforeAll(() => {
    files = makeFixtures(dir, true);
    view = h5view(Object.values(files));
  });

  const cases: [string, string][] = [
    ['earliest.h5', 'superblock 0, v1 object headers, old-style groups (600 links), v1 B-tree chunks'],
    ['latest.h5', 'superblock 3, v2 object headers, dense links and attributes, every layout-4 chunk index, VDS'],
    ['superblock1.h5', 'superblock 1 (non-default B-tree K: deep chunk and group B-trees)'],
    ['superblock2.h5', 'superblock 2 with layout 3 (what DECTRIS Eiger2 firmware writes)'],
    ['userblock_earliest.h5', 'superblock 0 after a 1 KiB user block'],
    ['userblock_latest.h5', 'superblock 3 after a 1 KiB user block'],
    ['sub/target.h5', 'the external-link target'],
    ['earray_paged.h5', 'extensible array with paged data blocks (140 000 chunks)'],
    ['committed.h5', 'named (committed) datatypes shared by a dataset and attributes'],
    ['sohm.h5', 'shared object header messages (datatypes, dataspaces, attributes in a file-wide heap)'],
    ['widths4_earliest.h5', '4-byte addresses and lengths, superblock 0'],
    ['widths4_latest.h5', '4-byte addresses and lengths, superblock 3 (dense storage, fixed array)'],
  ];
  for (const [name, what] of cases) {
    it(`${name}: ${what}`, async () => {
      const path = files[name]!;
      const reader = await Hdf5Reader.open(path);
      try {
        const checks = await expectMatchesView(reader, view[path]!.objects, { skipValue: codecFiltered });
        expect(checks).toBeGreaterThan(5);
      } finally {
        await reader.close();
      }
    });
  }

  it('reports the chunk index each h5py layout uses', async () => {
    const reader = await Hdf5Reader.open(files['latest.h5']!);
    const expected: Record<string, string> = {
      single: 'single-chunk',
      single_filtered: 'single-chunk',
      implicit: 'implicit',
      fixed: 'fixed-array',
      fixed_filtered: 'fixed-array',
      fixed_paged: 'fixed-array',
      fixed_paged_partial: 'fixed-array',
      fixed_maxshape: 'fixed-array',
      earray: 'extensible-array',
      earray_filtered: 'extensible-array',
      earray_dim1: 'extensible-array',
      btree2: 'btree-v2',
      btree2_filtered: 'btree-v2',
    };
    for (const [name, index] of Object.entries(expected)) {
      expect((await reader.dataset(`/indexes/${name}`)).chunkIndex, name).toBe(index);
    }
    expect((await reader.dataset('/values/mat_u32')).chunkIndex).toBe('none');
    await reader.close();
    const old = await Hdf5Reader.open(files['earliest.h5']!);
    expect((await old.dataset('/entry/data/bslz4')).chunkIndex).toBe('btree-v1');
    expect((await old.dataset('/values/compact')).layout).toBe('compact');
    await old.close();
  });

  it('a named datatype is neither group nor dataset', async () => {
    const reader = await Hdf5Reader.open(files['committed.h5']!);
    expect((await reader.list('/')).map((l) => l.name)).toEqual(['uses_named', 'vec3']);
    await expect(reader.lookup('/vec3')).rejects.toMatchObject({ code: 'BEAMSTACK_E_INPUT', message: expect.stringMatching(/named datatype/) });
    await reader.close();
  });

  it('finds chunks whose filters were skipped (non-zero filter mask) in every filtered index', async () => {
    const reader = await Hdf5Reader.open(files['latest.h5']!);
    const cases: [string, number[], number][] = [
      ['/entry/data/masked', [1, 0], 0b1],
      ['/indexes/fixed_filtered', [7, 0], 0b11],
      ['/indexes/earray_filtered', [1500, 0], 0b11],
      ['/indexes/btree2_filtered', [1, 1], 0b1],
    ];
    for (const [path, coords, mask] of cases) {
      const ds = await reader.dataset(path);
      expect((await ds.readChunk(coords))!.filterMask, path).toBe(mask);
      expect((await ds.readChunk(coords.map(() => 0)))!.filterMask, path).toBe(0);
    }
    await reader.close();
  });
});

