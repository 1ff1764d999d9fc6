import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDType, type FrameInfo, type Hdf5Filter } from '@beamstack/contract';
import { PY_RECORDS, readRecords } from './data/records.js';
import { runPython } from './interop.js';

/** One frame's chunk of an HDF5 image dataset, as h5py and the HDF5 filters see it. */
export interface StoredChunk {
  readonly file: string;
  readonly frame: number;
  readonly info: FrameInfo;
  /** The chunk's filter mask (0: every filter of the pipeline was applied). */
  readonly filterMask: number;
  /** The dataset's filter pipeline exactly as stored. */
  readonly filters: readonly Hdf5Filter[];
  /** The stored bytes (read_direct_chunk). */
  readonly chunk: Uint8Array;
  /** The frame's pixels as the HDF5 filters decode them (ds[i]), little-endian bytes. */
  readonly pixels: Uint8Array;
}

const PY_DUMP = `${PY_RECORDS}
import json, sys
import h5py, hdf5plugin
out_bin, out_json, dataset, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
recs, meta = [], []
for path in files:
    with h5py.File(path, 'r') as f:
        ds = f[dataset]
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

interface ChunkMeta {
  readonly file: string;
  readonly frame: number;
  readonly dtype: string;
  readonly shape: [number, number];
  readonly filterMask: number;
  readonly filters: Hdf5Filter[];
}

/**
 * Every frame chunk (one frame per chunk) of `dataset` in each file, read by h5py + hdf5plugin in
 * one Python run: the stored bytes, the pixels the real filters return, and the pipeline. The
 * exchange files go to `workDir`. Needs the interop readers (use under describeInterop).
 */
export function readStoredChunks(files: readonly string[], workDir: string, dataset = '/entry/data/data'): StoredChunk[] {
  const bin = join(workDir, 'chunks.bin');
  const json = join(workDir, 'chunks.json');
  runPython(PY_DUMP, [bin, json, dataset, ...files]);
  const records = readRecords(bin);
  const chunks = JSON.parse(readFileSync(json, 'utf8')) as ChunkMeta[];
  if (records.length !== 2 * chunks.length) throw new Error(`h5py dumped ${records.length} records for ${chunks.length} chunks`);
  return chunks.map((c, i) => {
    if (!isDType(c.dtype)) throw new Error(`${c.file}: dtype ${c.dtype} is not a frame dtype`);
    const info: FrameInfo = { shape: c.shape, dtype: c.dtype };
    return { file: c.file, frame: c.frame, info, filterMask: c.filterMask, filters: c.filters, chunk: records[2 * i]!, pixels: records[2 * i + 1]! };
  });
}
