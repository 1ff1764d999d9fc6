import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { decodeFramedBlocks, encodeBlock, encodeFramedBlocks, lz4CompressBound } from '../src/index.js';
import { allKernels } from './kernels.js';
import { lz4Corpus } from './corpus.js';
import { runPython } from '@beamstack/testkit';
import { describeInterop } from '@beamstack/testkit/vitest';
import { eigerLikeFrame, PY_RECORDS, readRecords, shuffledBlocks, writeRecords } from '@beamstack/testkit/data';

const dir = mkdtempSync(join(tmpdir(), 'beamstack-lz4-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function encode(data: Uint8Array): Uint8Array {
  const dst = new Uint8Array(lz4CompressBound(data.length));
  return dst.slice(0, encodeBlock(data, dst));
}

/** Inputs for the batches: the corpus, property-generated data and a whole shuffled Eiger frame. */
function interopInputs(): Uint8Array[] {
  const inputs = lz4Corpus().map((entry) => entry.data);
  const generated = fc.sample(
    fc.oneof(
      fc.uint8Array({ maxLength: 5000 }),
      fc.array(fc.constantFrom(0, 0, 0, 1, 255), { maxLength: 20_000 }).map((v) => Uint8Array.from(v)),
    ),
    { numRuns: 300, seed: 42 },
  );
  inputs.push(...generated);
  inputs.push(...shuffledBlocks(eigerLikeFrame(514, 1030, 8)));
  return inputs;
}

describeInterop('liblz4 interop (python-lz4 block API)', ['lz4.block'], () => {
  it('every block we encode decodes with liblz4 LZ4_decompress_safe to the original', () => {
    const inputs = interopInputs();
    const records: Uint8Array[] = [];
    for (const data of inputs) records.push(data, encode(data));
    const path = join(dir, 'ours.bin');
    writeRecords(path, records);
    const report = JSON.parse(
      runPython(
        `${PY_RECORDS}
import json, sys, lz4.block
recs = read_records(sys.argv[1])
failures = []
for i in range(0, len(recs), 2):
    raw, block = recs[i], recs[i + 1]
    try:
        out = lz4.block.decompress(block, uncompressed_size=len(raw))
        if out != raw:
            failures.append([i // 2, 'mismatch'])
    except Exception as e:
        failures.append([i // 2, str(e)])
print(json.dumps({'checked': len(recs) // 2, 'failures': failures[:10]}))
`,
        [path],
      ),
    ) as { checked: number; failures: unknown[] };
    expect(report.failures).toEqual([]);
    expect(report.checked).toBe(inputs.length);
  });

  it('blocks made by liblz4 (default, accelerated, high compression) decode with ours', () => {
    const inputs = interopInputs();
    const rawPath = join(dir, 'raw.bin');
    const blockPath = join(dir, 'liblz4.bin');
    writeRecords(rawPath, inputs);
    runPython(
      `${PY_RECORDS}
import sys, lz4.block
raws = read_records(sys.argv[1])
out = []
for raw in raws:
    out.append(lz4.block.compress(raw, store_size=False))
    out.append(lz4.block.compress(raw, mode='fast', acceleration=8, store_size=False))
    out.append(lz4.block.compress(raw, mode='high_compression', compression=9, store_size=False))
write_records(sys.argv[2], out)
`,
      [rawPath, blockPath],
    );
    const blocks = readRecords(blockPath);
    expect(blocks.length).toBe(3 * inputs.length);
    for (const kernel of allKernels()) {
      blocks.forEach((block, i) => {
        const raw = inputs[Math.floor(i / 3)]!;
        const out = new Uint8Array(raw.length);
        expect(kernel.decodeBlock(block, out)).toBe(raw.length);
        expect(Buffer.compare(out, raw), `${kernel.name} block ${i}`).toBe(0);
      });
    }
  });
});

/** The 12-byte header of an HDF5 32004 chunk (FORMATS.md §4): uint64 BE size, uint32 BE block size. */
function lz4ChunkOf(data: Uint8Array, blockBytes: number): Uint8Array {
  const chunk = encodeFramedBlocks(data, blockBytes, { storeRaw: true, prefixBytes: 12 });
  const view = new DataView(chunk.buffer);
  view.setUint32(0, Math.floor(data.length / 2 ** 32));
  view.setUint32(4, data.length >>> 0);
  view.setUint32(8, blockBytes);
  return chunk;
}

const PY_LZ4_FILTER = `${PY_RECORDS}
import json, sys
import numpy as np, h5py, hdf5plugin
recs = read_records(sys.argv[1])
mode = sys.argv[2]
out, failures = [], []
for i in range(0, len(recs), 2):
    a, b = recs[i], recs[i + 1]
    with h5py.File('c%d' % i, 'w', driver='core', backing_store=False) as f:
        if mode == 'read':   # a = our chunk, b = raw bytes: the real 32004 filter must return b
            ds = f.create_dataset('d', shape=(len(b),), dtype='u1', chunks=(len(b),), compression=32004)
            ds.id.write_direct_chunk((0,), a)
            if ds[:].tobytes() != b: failures.append(i // 2)
        else:                # a = raw bytes, b = block size: the filter writes, we read its chunk
            bs = int.from_bytes(b, 'little')
            ds = f.create_dataset('d', shape=(len(a),), dtype='u1', chunks=(len(a),), compression=32004, compression_opts=(bs,))
            ds[:] = np.frombuffer(a, dtype='u1')
            out.append(ds.id.read_direct_chunk((0,))[1])
if mode == 'write': write_records(sys.argv[3], out)
print(json.dumps({'failures': failures}))
`;

describeInterop('HDF5 LZ4 filter 32004 (framed blocks + 12-byte header)', ['h5py', 'hdf5plugin'], () => {
  const inputs = (): Uint8Array[] => [
    new Uint8Array(eigerLikeFrame(300, 257, 2).buffer),
    new Uint8Array(70_001).fill(3),
    Uint8Array.from(fc.sample(fc.integer({ min: 0, max: 255 }), { numRuns: 20_000, seed: 9 })),
    new Uint8Array(5),
  ];

  it('our chunks (8 KiB blocks, incompressible blocks stored raw) read back through the real filter', () => {
    const records: Uint8Array[] = [];
    for (const data of inputs()) records.push(lz4ChunkOf(data, 8192), data);
    writeRecords(join(dir, 'lz4-ours.bin'), records);
    const report = JSON.parse(runPython(PY_LZ4_FILTER, [join(dir, 'lz4-ours.bin'), 'read'])) as { failures: number[] };
    expect(report.failures).toEqual([]);
  });

  it('chunks the real filter writes decode with decodeFramedBlocks', () => {
    const data = inputs();
    const records: Uint8Array[] = [];
    for (const raw of data) records.push(raw, Uint8Array.from([0x00, 0x20, 0, 0])); // 8192 LE
    writeRecords(join(dir, 'lz4-raw.bin'), records);
    runPython(PY_LZ4_FILTER, [join(dir, 'lz4-raw.bin'), 'write', join(dir, 'lz4-filter.bin')]);
    const chunks = readRecords(join(dir, 'lz4-filter.bin'));
    expect(chunks).toHaveLength(data.length);
    chunks.forEach((chunk, i) => {
      const view = new DataView(chunk.buffer, chunk.byteOffset);
      expect(view.getUint32(4)).toBe(data[i]!.length);
      const blockBytes = view.getUint32(8);
      for (const kernel of allKernels()) {
        const out = new Uint8Array(data[i]!.length);
        const consumed = kernel.decodeFramedBlocks(chunk.subarray(12), out, blockBytes, { storeRaw: true });
        expect(consumed).toBe(chunk.length - 12);
        expect(Buffer.compare(out, data[i]!), `${kernel.name} chunk ${i}`).toBe(0);
      }
    });
  });
});
