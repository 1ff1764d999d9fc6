import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesPerPixel, isDType, pixelsFromBytes, type DType, type Hdf5Filter } from '@beamstack/contract';
import { runPython } from '@beamstack/testkit';
import { describeDectris, itInterop } from '@beamstack/testkit/vitest';
import { afterAll, expect } from 'vitest';
import { lz4Codec, lz4Hdf5, readLz4Header } from '../src/index.js';
import { sameBytes } from './pixels.js';
import { PY_RECORDS, readRecords } from './records.js';

const dir = mkdtempSync(join(tmpdir(), 'beamstack-lz4-dectris-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface DumpedChunk {
  readonly file: string;
  readonly frame: number;
  readonly dtype: string;
  readonly shape: [number, number];
  readonly filterMask: number;
  readonly filters: Hdf5Filter[];
}

/** Raw chunks via read_direct_chunk and pixels via the HDF5 filter (ds[i]), for every lz4 data file. */
const PY_DUMP = `${PY_RECORDS}
import json, sys
import h5py, hdf5plugin
out_bin, out_json, files = sys.argv[1], sys.argv[2], sys.argv[3:]
recs, meta = [], []
for path in files:
    with h5py.File(path, 'r') as f:
        ds = f['/entry/data/data']
        plist = ds.id.get_create_plist()
        filters = [dict(zip(('id', 'flags', 'cdValues'), [int(a), int(b), [int(x) for x in c]]))
                   for a, b, c, _ in (plist.get_filter(k) for k in range(plist.get_nfilters()))]
        for i in range(ds.shape[0]):
            mask, chunk = ds.id.read_direct_chunk((i, 0, 0))
            recs += [chunk, ds[i].astype(ds.dtype.newbyteorder('<')).tobytes()]
            meta.append({'file': path, 'frame': i, 'dtype': ds.dtype.name, 'shape': list(ds.shape[1:]),
                         'filterMask': int(mask), 'filters': filters})
write_records(out_bin, recs)
json.dump(meta, open(out_json, 'w'))
`;

// Not /lz4_data/: that also matches the bslz4 files.
describeDectris('real DECTRIS lz4 data files', /_lz4_data_\d+\.h5$/, (files) => {
  itInterop(['h5py', 'hdf5plugin'])('every chunk decodes to the pixels the HDF5 32004 filter returns', () => {
    runPython(PY_DUMP, [join(dir, 'chunks.bin'), join(dir, 'chunks.json'), ...files]);
    const records = readRecords(join(dir, 'chunks.bin'));
    const chunks = JSON.parse(readFileSync(join(dir, 'chunks.json'), 'utf8')) as DumpedChunk[];
    expect(records).toHaveLength(2 * chunks.length);
    const blockSizes = new Set<number>();
    chunks.forEach((chunk, i) => {
      expect(chunk.filterMask).toBe(0);
      expect(isDType(chunk.dtype)).toBe(true);
      const dtype = chunk.dtype as DType;
      // The pipeline exactly as stored: filter 32004, mandatory, no cd_values.
      expect(chunk.filters).toEqual([{ id: 32004, flags: 0, cdValues: [] }]);
      const params = lz4Hdf5.paramsFromFilters(chunk.filters, dtype);
      expect(params).toEqual({ blockSize: 0 });
      const info = { shape: chunk.shape, dtype } as const;
      const bytes = records[2 * i]!;
      blockSizes.add(readLz4Header(bytes, chunk.shape[0] * chunk.shape[1] * bytesPerPixel(dtype)).blockBytes);
      const decoded = lz4Codec.decode(bytes, info, { options: params! });
      expect(sameBytes(decoded, pixelsFromBytes(dtype, records[2 * i + 1]!)), `${chunk.file} frame ${chunk.frame}`).toBe(true);
    });
    // 2 files x 2 frames of 512 x 1028 uint16, stored by the DECTRIS writer in 8 KiB blocks
    // while cd_values are empty: the decoder must take the block size from each header.
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    expect([...blockSizes]).toEqual([8192]);
  });
});
