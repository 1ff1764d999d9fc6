import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DTYPES, pixelBytes, pixelsFromBytes, type DType, type FrameShape } from '@beamstack/contract';
import { ORACLE_DIR, runPythonBatch } from '@beamstack/testkit';
import { describeInterop } from '@beamstack/testkit/vitest';
import { afterAll, expect, it } from 'vitest';
import { PY_HDF5_CHUNKS, PY_RECORDS, sameBytes, type SamplePattern, samplePixels } from '@beamstack/testkit/data';
import { lz4Codec, lz4Hdf5 } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'beamstack-lz4-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Case {
  readonly dtype: DType;
  readonly shape: FrameShape;
  readonly pattern: SamplePattern;
  /** Block size option in bytes; 0 = filter default. */
  readonly blockSize: number;
}

/** Every dtype, awkward sizes, several block sizes (incl. Eiger2's 8 KiB), and real frame sizes. */
function interopCases(): Case[] {
  const cases: Case[] = [];
  const shapes: FrameShape[] = [[1, 1], [1, 7], [3, 7], [5, 13], [64, 33], [100, 99], [37, 301]];
  const patterns: SamplePattern[] = ['zeros', 'random', 'saturated', 'masked', 'counts'];
  const blockSizes = [0, 8192, 256, 1000];
  let k = 0;
  for (const dtype of DTYPES) {
    for (const shape of shapes) {
      cases.push({ dtype, shape, pattern: patterns[k % patterns.length]!, blockSize: blockSizes[k % blockSizes.length]! });
      k++;
    }
    cases.push({ dtype, shape: [512, 1028], pattern: 'counts', blockSize: 8192 });
  }
  cases.push({ dtype: 'uint16', shape: [1065, 1030], pattern: 'counts', blockSize: 0 });
  cases.push({ dtype: 'uint32', shape: [2167, 2070], pattern: 'counts', blockSize: 0 });
  cases.push({ dtype: 'uint32', shape: [2167, 2070], pattern: 'masked', blockSize: 8192 });
  return cases;
}

function manifest(cases: readonly Case[]): object[] {
  return cases.map((c) => ({ ...c, filters: lz4Hdf5.filters(c.dtype, { blockSize: c.blockSize }).map((f) => [f.id, f.cdValues]) }));
}

const PY_SETUP = `${PY_RECORDS}${PY_HDF5_CHUNKS}
import json, sys
import hdf5plugin
sys.path.insert(0, ${JSON.stringify(ORACLE_DIR)})
import chunkcodec
def options(case):
    (fid, cd), = case['filters']
    return {'compression': fid, 'compression_opts': tuple(cd) or None}
`;

/** Our chunks through the real HDF5 32004 filter (direct chunk write, then a normal read) and chunkcodec.py. */
const PY_DECODE_OURS = `${PY_SETUP}
recs = read_records(sys.argv[1])
cases = json.load(open(sys.argv[2]))
failures, checked = [], {'hdf5': 0, 'chunkcodec': 0}
for i, case in enumerate(cases):
    chunk, raw = recs[2 * i], recs[2 * i + 1]
    pixels, _ = hdf5_reads_chunk(chunk, case, **options(case))
    if pixels != raw: failures.append([i, 'hdf5', 'pixels differ'])
    checked['hdf5'] += 1
    try:
        out, info = chunkcodec.decode_lz4_hdf5(chunk, expected_nbytes=len(raw))
        if out != raw: failures.append([i, 'chunkcodec', 'pixels differ'])
        checked['chunkcodec'] += 1
    except Exception as e:
        failures.append([i, 'chunkcodec', str(e)])
print(json.dumps({'checked': checked, 'failures': failures[:20]}))
`;

/** Pixels written through the real filter (ds[0] = frame), raw chunks read back with read_direct_chunk. */
const PY_ENCODE_C = `${PY_SETUP}
recs = read_records(sys.argv[1])
cases = json.load(open(sys.argv[2]))
made = [hdf5_writes_chunk(raw, case, **options(case)) for raw, case in zip(recs, cases)]
write_records(sys.argv[3], [chunk for _, chunk, _ in made])
print(json.dumps({'masks': [mask for mask, _, _ in made]}))
`;

describeInterop('lz4 interop with the HDF5 32004 filter (hdf5plugin) and chunkcodec.py', ['h5py', 'hdf5plugin', 'numpy', 'lz4.block'], () => {
  it('our chunks, written with write_direct_chunk, read back identically through the C filter and chunkcodec.py', () => {
    const cases = interopCases();
    const records: Uint8Array[] = [];
    cases.forEach((c, i) => {
      const pixels = samplePixels(c.dtype, c.shape[0] * c.shape[1], c.pattern, i);
      records.push(lz4Codec.encode(pixels, { shape: c.shape, dtype: c.dtype }, { options: { blockSize: c.blockSize } }));
      records.push(pixelBytes(pixels));
    });
    // Negative control: a chunk with one wrong expected pixel must be reported by both decoders.
    const control = cases.length;
    const wrong = records[records.length - 1]!.slice();
    wrong[wrong.length - 1]! ^= 1;
    records.push(records[records.length - 2]!, wrong);
    const { result: report } = runPythonBatch<{ checked: Record<string, number>; failures: unknown[] }>(
      PY_DECODE_OURS, dir, 'ours', records, manifest([...cases, cases[cases.length - 1]!]),
    );
    expect(report.failures).toEqual([
      [control, 'hdf5', 'pixels differ'],
      [control, 'chunkcodec', 'pixels differ'],
    ]);
    expect(report.checked).toEqual({ hdf5: cases.length + 1, chunkcodec: cases.length + 1 });
  });

  it('chunks the C filter wrote (read with read_direct_chunk) decode identically with ours', () => {
    const cases = interopCases();
    const raws = cases.map((c, i) => pixelBytes(samplePixels(c.dtype, c.shape[0] * c.shape[1], c.pattern, 1000 + i)));
    const { result, out: chunks } = runPythonBatch<{ masks: number[] }>(PY_ENCODE_C, dir, 'raw', raws, manifest(cases));
    expect(result.masks).toEqual(cases.map(() => 0));
    expect(chunks).toHaveLength(cases.length);
    cases.forEach((c, i) => {
      const info = { shape: c.shape, dtype: c.dtype } as const;
      const params = lz4Hdf5.paramsFromFilters(lz4Hdf5.filters(c.dtype, { blockSize: c.blockSize }), c.dtype)!;
      const decoded = lz4Codec.decode(chunks[i]!, info, { options: params });
      expect(sameBytes(decoded, pixelsFromBytes(c.dtype, raws[i]!)), `case ${i} ${c.dtype} ${c.shape.join('x')} ${c.pattern}`).toBe(true);
    });
  });
});
