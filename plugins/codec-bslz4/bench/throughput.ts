/*
 * bslz4 throughput on a realistic Eiger 4M uint32 frame (2167 x 2070, 17.94 MB), median of 21
 * runs, uncompressed MB/s. Plain Node on compiled JS, as the host's workers run it.
 *   npx tsc -b && npx tsc -p plugins/codec-bslz4/bench && node plugins/codec-bslz4/bench/dist/bench/throughput.js
 * With /usr/bin/python3 + numpy it also measures the exact BASELINES.md frame (oracle/synth.py,
 * seed 7, frame 5), comparable with the native 2 715 MB/s encode / 2 080 MB/s decode.
 */
import { spawnSync } from 'node:child_process';
import { pixelBytes, type FrameInfo, type PixelArray } from '@beamstack/contract';
import { bitshuffleBlock, bitunshuffleBlock, bslz4Codec, decodeBslz4Chunk, typescriptKernel } from '../src/index.js';
import { eigerLikeFrame } from '../test/data.js';
import { throughput } from './measure.js';

const SHAPE = [2167, 2070] as const;
const ctx = { options: { blockSize: 0 } };

function synthFrame(): Uint32Array | null {
  const script = `import sys; sys.path.insert(0, '/work/shared/oracle')
from synth import Scene
sys.stdout.buffer.write(Scene(${SHAPE[0]}, ${SHAPE[1]}, 10, bits=32, seed=7).frame(5).astype('<u4').tobytes())`;
  const run = spawnSync('/usr/bin/python3', ['-c', script], { maxBuffer: 64 << 20 });
  if (run.status !== 0) return null;
  const bytes = new Uint8Array(run.stdout.length);
  bytes.set(run.stdout);
  return new Uint32Array(bytes.buffer);
}

function measure(name: string, frame: PixelArray): void {
  const info: FrameInfo = { shape: SHAPE, dtype: frame instanceof Uint16Array ? 'uint16' : 'uint32' };
  const elemSize = frame.BYTES_PER_ELEMENT;
  const chunk = bslz4Codec.encode(frame, info, ctx);
  const size = frame.byteLength;
  const reused = new Uint8Array(size);
  const bytes = pixelBytes(frame);
  const shuffled = new Uint8Array(size);
  const results = {
    encode: throughput(size, () => void bslz4Codec.encode(frame, info, ctx)),
    decode: throughput(size, () => void bslz4Codec.decode(chunk, info, ctx)),
    decodeReused: throughput(size, () => decodeBslz4Chunk(chunk, elemSize, reused, typescriptKernel)),
    transpose: throughput(size, () => {
      for (let at = 0; at + 8192 <= size; at += 8192) {
        bitshuffleBlock(bytes.subarray(at, at + 8192), shuffled.subarray(at, at + 8192), elemSize);
      }
    }),
    untranspose: throughput(size, () => {
      for (let at = 0; at + 8192 <= size; at += 8192) {
        bitunshuffleBlock(shuffled.subarray(at, at + 8192), reused.subarray(at, at + 8192), elemSize);
      }
    }),
  };
  console.log(`${name}: ${(size / 1e6).toFixed(2)} MB -> ${chunk.length} B, ratio ${(size / chunk.length).toFixed(2)}`);
  console.log(
    `  encode ${results.encode.toFixed(0)} MB/s | decode ${results.decode.toFixed(0)} MB/s (fresh pixels), ` +
      `${results.decodeReused.toFixed(0)} MB/s (reused buffer) | bit transpose ${results.transpose.toFixed(0)} / ` +
      `inverse ${results.untranspose.toFixed(0)} MB/s`,
  );
}

const frame = eigerLikeFrame();
measure('TS eigerLikeFrame 4M uint32', frame);
// The same frame as 16-bit data (Eiger1-style): counts clipped to 65534, gaps 65535.
measure('TS eigerLikeFrame 4M uint16', Uint16Array.from(frame, (v) => (v === 0xffffffff ? 0xffff : Math.min(v, 0xfffe))));
const synth = synthFrame();
if (synth) measure('oracle/synth.py frame 5 (BASELINES.md) 4M uint32', synth);
else console.warn('oracle/synth.py frame unavailable (no /usr/bin/python3 with numpy): measured the TS frame only');
