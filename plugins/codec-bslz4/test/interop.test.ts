import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesPerPixel, pixelBytes, pixelsFromBytes, type DType, type FrameShape } from '@beamstack/contract';
import { afterAll, expect, it } from 'vitest';
import { bslz4Codec, defaultBlockElems, typescriptKernel } from '../src/index.js';
import { makePixels, type PixelPattern } from './pixels.js';
import { runPythonBatch } from '@beamstack/testkit';
import { describeInterop } from '@beamstack/testkit/vitest';
import { PY_RECORDS, sameBytes } from '@beamstack/testkit/data';
import { allKernels } from './kernels.js';

const dir = mkdtempSync(join(tmpdir(), 'beamstack-bslz4-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Case {
  readonly dtype: DType;
  readonly shape: FrameShape;
  readonly pattern: PixelPattern;
  /** Block size option; 0 = default. */
  readonly blockSize: number;
}

/** Every dtype, awkward sizes (N mod 8 != 0, 1 x 1, partial blocks), explicit block sizes, real-size frames. */
function interopCases(): Case[] {
  const cases: Case[] = [];
  const dtypes: DType[] = ['uint8', 'uint16', 'uint32', 'int8', 'int16', 'int32'];
  const shapes: FrameShape[] = [[1, 1], [1, 7], [3, 7], [1, 16], [5, 13], [64, 33], [100, 99], [37, 301]];
  const patterns: PixelPattern[] = ['zeros', 'random', 'saturated', 'masked', 'eiger'];
  let k = 0;
  for (const dtype of dtypes) {
    for (const shape of shapes) {
      cases.push({ dtype, shape, pattern: patterns[k++ % patterns.length]!, blockSize: 0 });
    }
    cases.push({ dtype, shape: [50, 77], pattern: 'eiger', blockSize: 64 });
    cases.push({ dtype, shape: [50, 77], pattern: 'random', blockSize: 1000 });
    cases.push({ dtype, shape: [512, 1028], pattern: 'eiger', blockSize: 0 });
  }
  cases.push({ dtype: 'uint16', shape: [1065, 1030], pattern: 'eiger', blockSize: 0 });
  cases.push({ dtype: 'uint32', shape: [2167, 2070], pattern: 'eiger', blockSize: 0 });
  return cases;
}

function manifest(cases: readonly Case[]): object[] {
  return cases.map((c) => ({
    dtype: c.dtype,
    shape: c.shape,
    n: c.shape[0] * c.shape[1],
    blockElems: c.blockSize || defaultBlockElems(bytesPerPixel(c.dtype)),
  }));
}

const PY_DECODE_OURS = `${PY_RECORDS}
import io, json, sys
import numpy as np, h5py, hdf5plugin, bitshuffle
sys.path.insert(0, '/work/shared/oracle')
import chunkcodec
recs = read_records(sys.argv[1])
cases = json.load(open(sys.argv[2]))
failures, checked = [], {'bitshuffle': 0, 'chunkcodec': 0, 'hdf5': 0}
for i, case in enumerate(cases):
    chunk, raw = recs[2 * i], recs[2 * i + 1]
    dt = np.dtype(case['dtype']).newbyteorder('<')
    n, (h, w) = case['n'], case['shape']
    expected = np.frombuffer(raw, dtype=dt)
    try:
        out = bitshuffle.decompress_lz4(np.frombuffer(chunk, dtype=np.uint8)[12:], (n,), dt, case['blockElems'])
        if not np.array_equal(out, expected): failures.append([i, 'bitshuffle', 'pixels differ'])
        checked['bitshuffle'] += 1
    except Exception as e:
        failures.append([i, 'bitshuffle', str(e)])
    try:
        out, info = chunkcodec.decode_bslz4(chunk, dt.itemsize, expected_nbytes=n * dt.itemsize)
        if out != raw: failures.append([i, 'chunkcodec', 'pixels differ'])
        checked['chunkcodec'] += 1
    except Exception as e:
        failures.append([i, 'chunkcodec', str(e)])
    # The real HDF5 filter (bitshuffle plugin, unchecked LZ4 decoder) via a direct chunk write.
    with h5py.File('case%d' % i, 'w', driver='core', backing_store=False) as f:
        ds = f.create_dataset('d', shape=(1, h, w), dtype=dt, chunks=(1, h, w),
                              compression=32008, compression_opts=(case['blockElems'], 2))
        ds.id.write_direct_chunk((0, 0, 0), chunk)
        if not np.array_equal(ds[0].ravel(), expected): failures.append([i, 'hdf5', 'pixels differ'])
        checked['hdf5'] += 1
print(json.dumps({'checked': checked, 'failures': failures[:20]}))
`;

const PY_ENCODE_C = `${PY_RECORDS}
import json, struct, sys
import numpy as np, bitshuffle
recs = read_records(sys.argv[1])
cases = json.load(open(sys.argv[2]))
out = []
for raw, case in zip(recs, cases):
    dt = np.dtype(case['dtype']).newbyteorder('<')
    arr = np.frombuffer(raw, dtype=dt)
    payload = bitshuffle.compress_lz4(arr, case['blockElems']).tobytes()
    # The 12-byte header the HDF5 filter prepends (as make_eiger_like.py does).
    out.append(struct.pack('>QI', arr.nbytes, case['blockElems'] * dt.itemsize) + payload)
write_records(sys.argv[3], out)
`;

describeInterop('bslz4 interop with the C bitshuffle library, the HDF5 filter and chunkcodec.py', ['h5py', 'bitshuffle', 'hdf5plugin', 'lz4.block'], () => {
  it('our chunks decode identically with bitshuffle.decompress_lz4, chunkcodec.decode_bslz4 and HDF5 filter 32008', () => {
    const cases = interopCases();
    const records: Uint8Array[] = [];
    for (const c of cases) {
      const pixels = makePixels(c.dtype, c.shape[0] * c.shape[1], c.pattern, records.length);
      const chunk = bslz4Codec.encode(pixels, { shape: c.shape, dtype: c.dtype }, { options: { blockSize: c.blockSize } });
      // The TypeScript kernel makes the same bytes, so the C library checks both.
      const blockElems = c.blockSize || defaultBlockElems(bytesPerPixel(c.dtype));
      expect(Buffer.compare(typescriptKernel.encodeChunk(pixelBytes(pixels), bytesPerPixel(c.dtype), blockElems), chunk)).toBe(0);
      records.push(chunk);
      records.push(pixelBytes(pixels));
    }
    const { result: report } = runPythonBatch<{ checked: Record<string, number>; failures: unknown[] }>(PY_DECODE_OURS, dir, 'ours', records, manifest(cases));
    expect(report.failures).toEqual([]);
    expect(report.checked).toEqual({ bitshuffle: cases.length, chunkcodec: cases.length, hdf5: cases.length });
  });

  it('chunks made by bitshuffle.compress_lz4 (+ header) decode identically with ours', () => {
    const cases = interopCases();
    const raws = cases.map((c, i) => pixelBytes(makePixels(c.dtype, c.shape[0] * c.shape[1], c.pattern, 1000 + i)));
    const { out: chunks } = runPythonBatch(PY_ENCODE_C, dir, 'raw', raws, manifest(cases));
    expect(chunks).toHaveLength(cases.length);
    cases.forEach((c, i) => {
      const decoded = bslz4Codec.decode(chunks[i]!, { shape: c.shape, dtype: c.dtype }, { options: { blockSize: 0 } });
      const expected = pixelsFromBytes(c.dtype, raws[i]!);
      expect(sameBytes(decoded, expected), `case ${i} ${c.dtype} ${c.shape.join('x')} ${c.pattern}`).toBe(true);
      for (const kernel of allKernels()) {
        const out = new Uint8Array(raws[i]!.length);
        kernel.decodeChunk(chunks[i]!, bytesPerPixel(c.dtype), out);
        expect(Buffer.compare(out, raws[i]!), `${kernel.name} case ${i}`).toBe(0);
      }
    });
  });
});
