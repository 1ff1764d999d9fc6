import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DTYPES, pixelBytes, pixelsFromBytes, type DType, type FrameShape, type Hdf5Filter } from '@beamstack/contract';
import { ORACLE_DIR, runPythonBatch } from '@beamstack/testkit';
import { describeInterop } from '@beamstack/testkit/vitest';
import { afterAll, expect, it } from 'vitest';
import { PY_HDF5_CHUNKS, PY_RECORDS, sameBytes, type SamplePattern, samplePixels } from '@beamstack/testkit/data';
import { deflateCodec, deflateHdf5 } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'beamstack-deflate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Case {
  readonly dtype: DType;
  readonly shape: FrameShape;
  readonly pattern: SamplePattern;
  readonly level: number;
  readonly shuffle: boolean;
  readonly engine: 'node' | 'fflate';
}

/** Every dtype, awkward sizes, levels 0-9, both pipelines and both engines, and real frame sizes. */
function interopCases(): Case[] {
  const cases: Case[] = [];
  const shapes: FrameShape[] = [[1, 1], [1, 7], [3, 7], [5, 13], [64, 33], [37, 301]];
  const patterns: SamplePattern[] = ['zeros', 'random', 'saturated', 'masked', 'counts'];
  let k = 0;
  for (const dtype of DTYPES) {
    for (const shape of shapes) {
      for (const engine of ['node', 'fflate'] as const) {
        cases.push({ dtype, shape, pattern: patterns[k % 5]!, level: k % 10, shuffle: k % 3 !== 0, engine });
        k++;
      }
    }
    cases.push({ dtype, shape: [512, 1028], pattern: 'counts', level: 1, shuffle: true, engine: 'node' });
    cases.push({ dtype, shape: [512, 1028], pattern: 'masked', level: 1, shuffle: true, engine: 'fflate' });
  }
  cases.push({ dtype: 'uint32', shape: [2167, 2070], pattern: 'counts', level: 1, shuffle: true, engine: 'node' });
  cases.push({ dtype: 'uint16', shape: [1065, 1030], pattern: 'counts', level: 1, shuffle: false, engine: 'fflate' });
  return cases;
}

function manifest(cases: readonly Case[]): object[] {
  return cases.map((c) => ({ ...c, filters: deflateHdf5.filters(c.dtype, { ...c, engine: 'auto' }) }));
}

const PY_SETUP = `${PY_RECORDS}${PY_HDF5_CHUNKS}
import json, sys, zlib
sys.path.insert(0, ${JSON.stringify(ORACLE_DIR)})
import chunkcodec
def options(case):
    return {'shuffle': case['shuffle'], 'compression': 'gzip', 'compression_opts': case['level']}
`;

/** Our chunks through the real HDF5 filters (direct chunk write, then a normal read), and zlib + chunkcodec's unshuffle. */
const PY_DECODE_OURS = `${PY_SETUP}
recs = read_records(sys.argv[1])
cases = json.load(open(sys.argv[2]))
failures, checked = [], {'hdf5': 0, 'zlib': 0}
for i, case in enumerate(cases):
    chunk, raw = recs[2 * i], recs[2 * i + 1]
    pixels, stored = hdf5_reads_chunk(chunk, case, **options(case))
    if [(x['id'], x['cdValues']) for x in stored] != [(x['id'], x['cdValues']) for x in case['filters']]:
        failures.append([i, 'pipeline', json.dumps(stored)])
    if pixels != raw: failures.append([i, 'hdf5', 'pixels differ'])
    checked['hdf5'] += 1
    try:
        data = zlib.decompress(chunk)
        size = np.dtype(case['dtype']).itemsize
        if case['shuffle'] and size > 1: data = chunkcodec.unshuffle_bytes(data, size)
        if data != raw: failures.append([i, 'zlib', 'pixels differ'])
        checked['zlib'] += 1
    except Exception as e:
        failures.append([i, 'zlib', str(e)])
print(json.dumps({'checked': checked, 'failures': failures[:20]}))
`;

/** Pixels written through the real filters (ds[0] = frame); stored chunks read back with read_direct_chunk. */
const PY_ENCODE_C = `${PY_SETUP}
recs = read_records(sys.argv[1])
cases = json.load(open(sys.argv[2]))
made = [hdf5_writes_chunk(raw, case, **options(case)) for raw, case in zip(recs, cases)]
write_records(sys.argv[3], [chunk for _, chunk, _ in made])
print(json.dumps([{'mask': mask, 'filters': filters} for mask, _, filters in made]))
`;

describeInterop('deflate interop with the HDF5 shuffle + deflate filters (h5py) and zlib', ['h5py', 'numpy'], () => {
  it('our chunks (both engines), written with write_direct_chunk, read back identically through HDF5 and zlib', () => {
    const cases = interopCases();
    const records: Uint8Array[] = [];
    cases.forEach((c, i) => {
      const pixels = samplePixels(c.dtype, c.shape[0] * c.shape[1], c.pattern, i);
      records.push(deflateCodec.encode(pixels, { shape: c.shape, dtype: c.dtype }, { options: c }));
      records.push(pixelBytes(pixels));
    });
    // Negative control: one wrong expected pixel must be reported by both readers.
    const control = cases.length;
    const wrong = records[records.length - 1]!.slice();
    wrong[0]! ^= 1;
    records.push(records[records.length - 2]!, wrong);
    const { result: report } = runPythonBatch<{ checked: Record<string, number>; failures: unknown[] }>(
      PY_DECODE_OURS, dir, 'ours', records, manifest([...cases, cases[cases.length - 1]!]),
    );
    expect(report.failures).toEqual([
      [control, 'hdf5', 'pixels differ'],
      [control, 'zlib', 'pixels differ'],
    ]);
    expect(report.checked).toEqual({ hdf5: cases.length + 1, zlib: cases.length + 1 });
  });

  it('chunks the HDF5 filters wrote (read with read_direct_chunk) decode identically with both engines', () => {
    const cases = interopCases();
    const raws = cases.map((c, i) => pixelBytes(samplePixels(c.dtype, c.shape[0] * c.shape[1], c.pattern, 1000 + i)));
    const { result: meta, out: chunks } = runPythonBatch<{ mask: number; filters: Hdf5Filter[] }[]>(PY_ENCODE_C, dir, 'raw', raws, manifest(cases));
    expect(chunks).toHaveLength(cases.length);
    cases.forEach((c, i) => {
      const label = `case ${i} ${c.dtype} ${c.shape.join('x')} ${c.pattern} level ${c.level} shuffle ${c.shuffle}`;
      // Deflate was applied to every chunk here (no filter skipped via filter_mask).
      expect(meta[i]!.mask, label).toBe(0);
      const params = deflateHdf5.paramsFromFilters(meta[i]!.filters, c.dtype);
      expect(params, label).toEqual({ level: c.level, shuffle: c.shuffle, engine: 'auto' });
      const info = { shape: c.shape, dtype: c.dtype } as const;
      const expected = pixelsFromBytes(c.dtype, raws[i]!);
      for (const engine of ['node', 'fflate'] as const) {
        const decoded = deflateCodec.decode(chunks[i]!, info, { options: { ...params!, engine } });
        expect(sameBytes(decoded, expected), `${label} (${engine})`).toBe(true);
      }
    });
  });
});
