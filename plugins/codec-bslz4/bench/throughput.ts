/*
 * bslz4 throughput on realistic frames, per kernel: median of 21 runs, uncompressed MB/s (wall
 * and CPU time, see measureThroughput in @beamstack/testkit/bench). Plain Node on compiled JS, as the host's workers run it.
 *   npx tsc -b && npx tsc -p plugins/codec-bslz4/bench && node plugins/codec-bslz4/bench/dist/bench/throughput.js [4m|16m|all]
 * The synth.py frames (needs /usr/bin/python3 + numpy) are the BASELINES.md frames, comparable
 * with native bitshuffle: 4M 2 715 / 2 080 MB/s, 16M 2 580 / 1 780 MB/s (encode / decode).
 */
import { pixelBytes, type FrameInfo } from '@beamstack/contract';
import { bslz4Codec, bslz4Kernel, typescriptKernel, wasmKernel, type Bslz4Kernel } from '@beamstack/codec-bslz4';
import { formatWallCpu, measureThroughput } from '@beamstack/testkit/bench';
import { SHAPE_16M, SHAPE_4M, simulatedFrame, synthFrame, testDataFrame, type BenchFrame } from './frames.js';

const ctx = { options: { blockSize: 0 } };

function measureKernel(kernel: Bslz4Kernel, frame: BenchFrame, reps: number): string {
  const elemSize = frame.pixels.BYTES_PER_ELEMENT;
  const bytes = pixelBytes(frame.pixels);
  const size = bytes.length;
  const blockElems = 8192 / elemSize;
  const chunk = kernel.encodeChunk(bytes, elemSize, blockElems);
  const reused = new Uint8Array(size);
  const shuffled = new Uint8Array(8192);
  const encode = measureThroughput(size, () => void kernel.encodeChunk(bytes, elemSize, blockElems), { reps });
  const decode = measureThroughput(size, () => void kernel.decodeChunkToBuffer(chunk, elemSize, size), { reps });
  const decodeReused = measureThroughput(size, () => kernel.decodeChunk(chunk, elemSize, reused), { reps });
  const transpose = measureThroughput(size, () => {
    for (let at = 0; at + 8192 <= size; at += 8192) kernel.bitshuffle(bytes.subarray(at, at + 8192), shuffled, elemSize);
  }, { reps });
  return (
    `  ${kernel.name.padEnd(10)} ratio ${(size / chunk.length).toFixed(2)} | encode ${formatWallCpu(encode)} | decode ${formatWallCpu(decode)} ` +
    `| decode into reused ${formatWallCpu(decodeReused)} | 8 KiB transpose calls ${formatWallCpu(transpose)}`
  );
}

function measureCodec(frame: BenchFrame, reps: number): string {
  const info: FrameInfo = { shape: frame.shape, dtype: frame.pixels instanceof Uint16Array ? 'uint16' : 'uint32' };
  const size = frame.pixels.byteLength;
  const chunk = bslz4Codec.encode(frame.pixels, info, ctx);
  const encode = measureThroughput(size, () => void bslz4Codec.encode(frame.pixels, info, ctx), { reps });
  const decode = measureThroughput(size, () => void bslz4Codec.decode(chunk, info, ctx), { reps });
  return `  codec (${bslz4Kernel.name}) encode ${formatWallCpu(encode)} | decode ${formatWallCpu(decode)}`;
}

const which = process.argv[2] ?? 'all';
const frames: BenchFrame[] = [];
if (which !== '16m') {
  const synth = synthFrame(SHAPE_4M);
  if (synth) frames.push(synth);
  frames.push(await simulatedFrame('eiger-4m'), await simulatedFrame('eiger-4m', 'uint16'), testDataFrame());
}
if (which !== '4m') {
  const synth = synthFrame(SHAPE_16M);
  if (synth) frames.push(synth);
  frames.push(await simulatedFrame('eiger-16m'));
}
console.log(`bslz4 throughput, MB/s of uncompressed data, median of runs: wall (cpu) — ${new Date().toISOString()}`);
for (const frame of frames) {
  const reps = frame.pixels.byteLength > 40e6 ? 9 : 21;
  console.log(`${frame.name}: ${(frame.pixels.byteLength / 1e6).toFixed(2)} MB`);
  console.log(measureCodec(frame, reps));
  for (const kernel of [wasmKernel, typescriptKernel]) if (kernel) console.log(measureKernel(kernel, frame, reps));
}
