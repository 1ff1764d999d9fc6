/*
 * LZ4 throughput per kernel, median of runs, MB/s of uncompressed bytes (wall and CPU time, see
 * measureThroughput in @beamstack/testkit/bench), on realistic detector frames: the raw frame bytes in the HDF5 32004 framing
 * (8 KiB blocks, incompressible blocks stored), the whole frame as one block, and the
 * bit-shuffled 8 KiB blocks bslz4 feeds LZ4. Plain Node on compiled JS.
 *   npx tsc -b && npx tsc -p packages/lz4/bench && node packages/lz4/bench/dist/bench/throughput.js [4m|16m|all]
 * The synth.py frames (needs /usr/bin/python3 + numpy) are the BASELINES.md frames; native
 * liblz4 there: 32004 framing 1 030 / 2 452 MB/s, whole-frame block 1 314 / 3 415 MB/s (4M).
 */
import { lz4CompressBound, typescriptLz4Kernel, wasmLz4Kernel, type Lz4Kernel } from '@beamstack/lz4';
import { formatWallCpu, measureThroughput, synthFrame } from '@beamstack/testkit/bench';
import { eigerLikeFrame, shuffledBlocks } from '@beamstack/testkit/data';

function measureRaw(kernel: Lz4Kernel, frame: Uint8Array, reps: number): string {
  const framed = kernel.encodeFramedBlocks(frame, 8192, { storeRaw: true });
  const out = new Uint8Array(frame.length);
  const framedEncode = measureThroughput(frame.length, () => void kernel.encodeFramedBlocks(frame, 8192, { storeRaw: true }), { reps });
  const framedDecode = measureThroughput(frame.length, () => void kernel.decodeFramedBlocks(framed, out, 8192, { storeRaw: true }), { reps });
  const whole = new Uint8Array(lz4CompressBound(frame.length));
  const wholeLength = kernel.encodeBlock(frame, whole);
  const block = whole.slice(0, wholeLength);
  const wholeEncode = measureThroughput(frame.length, () => void kernel.encodeBlock(frame, whole), { reps });
  const wholeDecode = measureThroughput(frame.length, () => void kernel.decodeBlock(block, out), { reps });
  return (
    `  ${kernel.name.padEnd(10)} 32004 8 KiB: ratio ${(frame.length / framed.length).toFixed(2)}, encode ${formatWallCpu(framedEncode)}, decode ${formatWallCpu(framedDecode)} | ` +
    `one block: ratio ${(frame.length / wholeLength).toFixed(2)}, encode ${formatWallCpu(wholeEncode)}, decode ${formatWallCpu(wholeDecode)}`
  );
}

function measureShuffled(kernel: Lz4Kernel, blocks: readonly Uint8Array[], reps: number): string {
  const dst = new Uint8Array(lz4CompressBound(8192));
  const encoded = blocks.map((block) => dst.slice(0, kernel.encodeBlock(block, dst)));
  const out = new Uint8Array(8192);
  const total = blocks.reduce((sum, block) => sum + block.length, 0);
  const packed = encoded.reduce((sum, block) => sum + block.length, 0);
  const encode = measureThroughput(total, () => {
    for (const block of blocks) kernel.encodeBlock(block, dst);
  }, { reps });
  const decode = measureThroughput(total, () => {
    for (let i = 0; i < blocks.length; i++) kernel.decodeBlock(encoded[i]!, out.subarray(0, blocks[i]!.length));
  }, { reps });
  return `  ${kernel.name.padEnd(10)} bit-shuffled 8 KiB blocks, one call each: ratio ${(total / packed).toFixed(2)}, encodeBlock ${formatWallCpu(encode)}, decodeBlock ${formatWallCpu(decode)}`;
}

const which = process.argv[2] ?? 'all';
const kernels = [wasmLz4Kernel, typescriptLz4Kernel].filter((kernel): kernel is Lz4Kernel => kernel !== null);
const frames: [string, Uint32Array][] = [];
if (which !== '16m') {
  const synth = synthFrame([2167, 2070]);
  if (synth) frames.push(['synth.py 4M (BASELINES frame)', synth]);
  frames.push(['testkit eigerLikeFrame 4M', eigerLikeFrame()]);
}
if (which !== '4m') {
  const synth = synthFrame([4371, 4150]);
  if (synth) frames.push(['synth.py 16M (BASELINES frame)', synth]);
}
console.log(`LZ4 throughput, MB/s of uncompressed data, median of runs: wall (cpu) — ${new Date().toISOString()}`);
for (const [name, frame] of frames) {
  const bytes = new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength);
  const reps = bytes.length > 40e6 ? 7 : 15;
  console.log(`${name}: ${(bytes.length / 1e6).toFixed(2)} MB`);
  for (const kernel of kernels) console.log(measureRaw(kernel, bytes, reps));
  if (bytes.length < 40e6) {
    const blocks = shuffledBlocks(frame);
    for (const kernel of kernels) console.log(measureShuffled(kernel, blocks, reps));
  }
}
