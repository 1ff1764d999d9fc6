import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesPerPixel, isDType, pixelsFromBytes, type DType } from '@beamstack/contract';
import { dectrisFiles, runPython } from '@beamstack/testkit';
import { describeInterop } from '@beamstack/testkit/vitest';
import { afterAll, expect, it } from 'vitest';
import { bslz4Codec } from '../src/index.js';
import { sameBytes } from './pixels.js';
import { allKernels } from './kernels.js';
import { PY_RECORDS, readRecords } from './records.js';

const dir = mkdtempSync(join(tmpdir(), 'beamstack-dectris-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface DumpedChunk {
  readonly file: string;
  readonly frame: number;
  readonly dtype: string;
  readonly shape: [number, number];
  readonly filterMask: number;
  readonly filters: Record<string, number[]>;
}

/** Raw chunks via read_direct_chunk and pixels via the HDF5 filter (ds[i]), for every bslz4 data file. */
const PY_DUMP = `${PY_RECORDS}
import json, sys
import h5py, hdf5plugin
files, out_bin, out_json = sys.argv[3:], sys.argv[1], sys.argv[2]
recs, meta = [], []
for path in files:
    with h5py.File(path, 'r') as f:
        ds = f['/entry/data/data']
        filters = {k: [int(x) for x in v] for k, v in ds._filters.items()}
        for i in range(ds.shape[0]):
            mask, chunk = ds.id.read_direct_chunk((i, 0, 0))
            recs += [chunk, ds[i].astype(ds.dtype.newbyteorder('<')).tobytes()]
            meta.append({'file': path, 'frame': i, 'dtype': ds.dtype.name, 'shape': list(ds.shape[1:]),
                         'filterMask': int(mask), 'filters': filters})
write_records(out_bin, recs)
json.dump(meta, open(out_json, 'w'))
`;

describeInterop('real DECTRIS bslz4 data files', ['h5py', 'hdf5plugin'], () => {
  it('every chunk decodes to the pixels the HDF5 filter returns', () => {
    const files = dectrisFiles(/bslz4.*\.h5$/);
    expect(files.length).toBeGreaterThanOrEqual(4);
    runPython(PY_DUMP, [join(dir, 'chunks.bin'), join(dir, 'chunks.json'), ...files]);
    const records = readRecords(join(dir, 'chunks.bin'));
    const chunks = JSON.parse(readFileSync(join(dir, 'chunks.json'), 'utf8')) as DumpedChunk[];
    expect(records).toHaveLength(2 * chunks.length);
    const seen = new Set<string>();
    chunks.forEach((chunk, i) => {
      expect(chunk.filters['32008']?.[4], chunk.file).toBe(2);
      expect(chunk.filterMask).toBe(0);
      expect(isDType(chunk.dtype)).toBe(true);
      const dtype = chunk.dtype as DType;
      const info = { shape: chunk.shape, dtype } as const;
      const params = bslz4Codec.hdf5!.paramsFromFilters([{ id: 32008, flags: 0, cdValues: chunk.filters['32008']! }], dtype);
      expect(params).toEqual({ blockSize: 0 });
      const decoded = bslz4Codec.decode(records[2 * i]!, info, { options: params! });
      expect(sameBytes(decoded, pixelsFromBytes(dtype, records[2 * i + 1]!)), `${chunk.file} frame ${chunk.frame}`).toBe(true);
      for (const kernel of allKernels()) {
        const out = new Uint8Array(records[2 * i + 1]!.length);
        kernel.decodeChunk(records[2 * i]!, bytesPerPixel(dtype), out);
        expect(Buffer.compare(out, records[2 * i + 1]!), `${kernel.name} ${chunk.file} frame ${chunk.frame}`).toBe(0);
      }
      seen.add(`${chunk.dtype} ${chunk.shape.join('x')}`);
    });
    // At least the Eiger1 (1065 x 1030) and Eiger2 (512 x 1028) uint16 files, 2 frames each.
    expect(chunks.length).toBeGreaterThanOrEqual(2 * files.length);
    expect([...seen]).toEqual(expect.arrayContaining(['uint16 1065x1030', 'uint16 512x1028']));
  });
});
