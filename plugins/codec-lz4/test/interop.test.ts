import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pixelBytes, pixelsFromBytes, type DType, type FrameShape } from '@beamstack/contract';
import { ORACLE_DIR, runPython } from '@beamstack/testkit';
import { describeInterop } from '@beamstack/testkit/vitest';
import { afterAll, expect, it } from 'vitest';
import { lz4Codec, lz4Hdf5 } from '../src/index.js';
import { ALL_DTYPES, makePixels, sameBytes, type PixelPattern } from './pixels.js';
import { PY_RECORDS, readRecords, writeRecords } from './records.js';

const dir = mkdtempSync(join(tmpdir(), 'beamstack-lz4-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Case {
  readonly dtype: DType;
  readonly shape: FrameShape;
  readonly pattern: PixelPattern;
  /** Block size option in bytes; 0 = filter default. */
  readonly blockSize: number;
}

/** Every dtype, awkward sizes, several block sizes (incl. Eiger2's 8 KiB), and real frame sizes. */
function interopCases(): Case[] {
  const cases: Case[] = [];
  const shapes: FrameShape[] = [[1, 1], [1, 7], [3, 7], [5, 13], [64, 33], [100, 99], [37, 301]];
  const patterns: PixelPattern[] = ['zeros', 'random', 'saturated', 'masked', 'counts'];
  const blockSizes = [0, 8192, 256, 1000];
  let k = 0;
  for (const dtype of ALL_DTYPES) {
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

function manifest(cases: readonly Case[]): string {
  return JSON.stringify(
    cases.map((c) => ({ ...c, filters: lz4Hdf5.filters(c.dtype, { blockSize: c.blockSize }).map((f) => [f.id, f.cdValues]) })),
  );
}

const PY_SETUP = `${PY_RECORDS}
import json, sys
import numpy as np, h5py, hdf5plugin
sys.path.insert(0, ${JSON.stringify(ORACLE_DIR)})
import chunkcodec
def create(f, case):
    (fid, cd), = case['filters']
    h, w = case['shape']
    return f.create_dataset('d', shape=(1, h, w), dtype=np.dtype(case['dtype']).newbyteorder('<'), chunks=(1, h, w),
                            compression=fid, compression_opts=tuple(cd) or None)
`;

/** Our chunks through the real HDF5 32004 filter (direct chunk write, then a normal read) and chunkcodec.py. */
const PY_DECODE_OURS = `${PY_SETUP}
recs = read_records(sys.argv[1])
cases = json.load(open(sys.argv[2]))
failures, checked = [], {'hdf5': 0, 'chunkcodec': 0}
for i, case in enumerate(cases):
    chunk, raw = recs[2 * i], recs[2 * i + 1]
    with h5py.File('case%d' % i, 'w', driver='core', backing_store=False) as f:
        ds = create(f, case)
        ds.id.write_direct_chunk((0, 0, 0), chunk)
        if ds[0].tobytes() != raw: failures.append([i, 'hdf5', 'pixels differ'])
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
out, masks = [], []
for raw, case in zip(recs, cases):
    dt = np.dtype(case['dtype']).newbyteorder('<')
    with h5py.File('enc', 'w', driver='core', backing_store=False) as f:
        ds = create(f, case)
        ds[0] = np.frombuffer(raw, dtype=dt).reshape(case['shape'])
        mask, chunk = ds.id.read_direct_chunk((0, 0, 0))
        out.append(chunk)
        masks.append(int(mask))
write_records(sys.argv[3], out)
print(json.dumps({'masks': masks}))
`;

describeInterop('lz4 interop with the HDF5 32004 filter (hdf5plugin) and chunkcodec.py', ['h5py', 'hdf5plugin', 'numpy', 'lz4.block'], () => {
  it('our chunks, written with write_direct_chunk, read back identically through the C filter and chunkcodec.py', () => {
    const cases = interopCases();
    const records: Uint8Array[] = [];
    cases.forEach((c, i) => {
      const pixels = makePixels(c.dtype, c.shape[0] * c.shape[1], c.pattern, i);
      records.push(lz4Codec.encode(pixels, { shape: c.shape, dtype: c.dtype }, { options: { blockSize: c.blockSize } }));
      records.push(pixelBytes(pixels));
    });
    // Negative control: a chunk with one wrong expected pixel must be reported by both decoders.
    const control = cases.length;
    const wrong = records[records.length - 1]!.slice();
    wrong[wrong.length - 1]! ^= 1;
    records.push(records[records.length - 2]!, wrong);
    writeRecords(join(dir, 'ours.bin'), records);
    writeFileSync(join(dir, 'ours.json'), manifest([...cases, cases[cases.length - 1]!]));
    const report = JSON.parse(runPython(PY_DECODE_OURS, [join(dir, 'ours.bin'), join(dir, 'ours.json')])) as {
      checked: Record<string, number>;
      failures: unknown[];
    };
    expect(report.failures).toEqual([
      [control, 'hdf5', 'pixels differ'],
      [control, 'chunkcodec', 'pixels differ'],
    ]);
    expect(report.checked).toEqual({ hdf5: cases.length + 1, chunkcodec: cases.length + 1 });
  });

  it('chunks the C filter wrote (read with read_direct_chunk) decode identically with ours', () => {
    const cases = interopCases();
    const raws = cases.map((c, i) => pixelBytes(makePixels(c.dtype, c.shape[0] * c.shape[1], c.pattern, 1000 + i)));
    writeRecords(join(dir, 'raw.bin'), raws);
    writeFileSync(join(dir, 'raw.json'), manifest(cases));
    const { masks } = JSON.parse(runPython(PY_ENCODE_C, [join(dir, 'raw.bin'), join(dir, 'raw.json'), join(dir, 'c.bin')])) as {
      masks: number[];
    };
    expect(masks).toEqual(cases.map(() => 0));
    const chunks = readRecords(join(dir, 'c.bin'));
    expect(chunks).toHaveLength(cases.length);
    cases.forEach((c, i) => {
      const info = { shape: c.shape, dtype: c.dtype } as const;
      const params = lz4Hdf5.paramsFromFilters(lz4Hdf5.filters(c.dtype, { blockSize: c.blockSize }), c.dtype)!;
      const decoded = lz4Codec.decode(chunks[i]!, info, { options: params });
      expect(sameBytes(decoded, pixelsFromBytes(c.dtype, raws[i]!)), `case ${i} ${c.dtype} ${c.shape.join('x')} ${c.pattern}`).toBe(true);
    });
  });
});
