import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { decodeBlock, encodeBlock, lz4CompressBound } from '../src/index.js';
import { lz4Corpus } from './corpus.js';
import { eigerLikeFrame, shuffledBlocks } from './data.js';
import { describeInterop, runPython } from './python.js';
import { PY_RECORDS, readRecords, writeRecords } from './records.js';

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
    blocks.forEach((block, i) => {
      const raw = inputs[Math.floor(i / 3)]!;
      const out = new Uint8Array(raw.length);
      expect(decodeBlock(block, out)).toBe(raw.length);
      expect(Buffer.compare(out, raw), `block ${i}`).toBe(0);
    });
  });
});
