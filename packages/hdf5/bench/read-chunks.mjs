// Chunk-read throughput of the reader: readFrameChunk over every frame of a file, page cache
// warm, against a bare positional-read loop over the same byte ranges. Not part of the tests.
//
//   node packages/hdf5/bench/read-chunks.mjs [file.h5 [dataset]]
//
// Without arguments it writes a 256-frame file (1.5 MB per stored chunk, like bslz4 frames of a
// 4M detector) with our writer into the OS temp folder and reads it back.
import { open, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hdf5File, Hdf5Reader } from '../dist/index.js';

const FRAMES = 256;
const CHUNK = 1_500_000;

async function makeFile(dir) {
  const path = join(dir, 'bench_data.h5');
  const f = await Hdf5File.create(path);
  const ds = f.chunkedDataset('/entry/data/data', {
    dtype: 'uint32',
    frameShape: [2167, 2070],
    filters: [{ id: 32008, flags: 0, cdValues: [0, 3, 4, 0, 2] }],
  });
  const chunk = new Uint8Array(CHUNK).map((_, i) => (i * 2654435761) >>> 24);
  for (let i = 0; i < FRAMES; i++) await ds.writeChunk(i, chunk);
  await f.close();
  return path;
}

async function timeReader(path, dataset) {
  const r = await Hdf5Reader.open(path);
  const ds = await r.dataset(dataset);
  const t0 = performance.now();
  await ds.readFrameChunk(0); // builds the chunk index
  const indexMs = performance.now() - t0;
  let bytes = 0;
  const t = performance.now();
  for (let i = 0; i < ds.shape[0]; i++) bytes += (await ds.readFrameChunk(i))?.bytes.length ?? 0;
  const s = (performance.now() - t) / 1000;
  await r.close();
  return { bytes, s, indexMs, frames: ds.shape[0] };
}

async function timeRaw(path, bytes, frames) {
  const fh = await open(path, 'r');
  const size = Math.ceil(bytes / frames);
  const t = performance.now();
  let total = 0;
  for (let i = 0; i < frames; i++) {
    const buf = Buffer.allocUnsafeSlow(size);
    const { bytesRead } = await fh.read(buf, 0, size, i * size);
    total += bytesRead;
  }
  const s = (performance.now() - t) / 1000;
  await fh.close();
  return { total, s };
}

const [fileArg, datasetArg] = process.argv.slice(2);
const dir = fileArg ? null : await mkdtemp(join(tmpdir(), 'beamstack-read-bench-'));
const path = fileArg ?? (await makeFile(dir));
const dataset = datasetArg ?? '/entry/data/data';
try {
  await timeReader(path, dataset); // warm the page cache
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(await timeReader(path, dataset));
  const best = runs.reduce((a, b) => (a.s < b.s ? a : b));
  const raw = [];
  for (let i = 0; i < 5; i++) raw.push(await timeRaw(path, best.bytes, best.frames));
  const rawBest = raw.reduce((a, b) => (a.s < b.s ? a : b));
  const gbs = (b, s) => (b / s / 1e9).toFixed(2);
  console.log(`${path} ${dataset}: ${best.frames} chunks, ${(best.bytes / best.frames / 1e6).toFixed(3)} MB each`);
  console.log(`  chunk index built in ${best.indexMs.toFixed(1)} ms (first readFrameChunk)`);
  console.log(`  readFrameChunk: ${gbs(best.bytes, best.s)} GB/s, ${((best.s / best.frames) * 1e6).toFixed(1)} µs per chunk (best of 5)`);
  console.log(`  bare FileHandle.read of the same sizes: ${gbs(rawBest.total, rawBest.s)} GB/s`);
} finally {
  if (dir) await rm(dir, { recursive: true, force: true });
}
