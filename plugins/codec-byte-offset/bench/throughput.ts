/*
 * byte-offset throughput on realistic 4M int32 frames (2167 x 2070), MB/s of uncompressed pixels
 * at the median and the fastest of 21 runs (the shared machine is noisy; the fastest run shows
 * the code's own speed). fabio's cython codec is timed on the same frames in the same session.
 *   npx tsc -b && npx tsc -p plugins/codec-byte-offset/bench && node plugins/codec-byte-offset/bench/dist/bench/throughput.js
 * "warm": the same frame over and over, as BASELINES.md measures (it stays in the CPU cache).
 * "cold": three copies in turn, so each run reads the frame from memory, as in a pipeline.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allocPixels, dtypeOf, pixelBytes, type PixelArray } from '@beamstack/contract';
import { formatThroughput, measureThroughput, synthFrame } from '@beamstack/testkit/bench';
import { decodeByteOffset, decodeByteOffsetInto, encodeByteOffset } from '../src/index.js';
import { simulatedCbfFrame } from '../test/frames.js';

const COPIES = 3;

function measure(name: string, pixels: PixelArray, cold = false): void {
  const dtype = dtypeOf(pixels);
  const frames = cold ? Array.from({ length: COPIES }, () => pixels.slice()) : [pixels];
  const payloads = frames.map((frame) => encodeByteOffset(frame).slice());
  const reused = allocPixels(dtype, pixels.length);
  const size = pixels.byteLength;
  let k = 0;
  const next = (): number => k++ % frames.length;
  const encode = measureThroughput(size, () => void encodeByteOffset(frames[next()]!));
  const decode = measureThroughput(size, () => void decodeByteOffset(payloads[next()]!, dtype, pixels.length));
  const decodeReused = measureThroughput(size, () => decodeByteOffsetInto(payloads[next()]!, reused));
  console.log(
    `${name}${cold ? ' [cold]' : ''}: ${(size / 1e6).toFixed(2)} MB -> ${payloads[0]!.length} B (ratio ${(size / payloads[0]!.length).toFixed(2)})\n` +
      `  ours   encode ${formatThroughput(encode)} | decode ${formatThroughput(decode)} (fresh pixels), ${formatThroughput(decodeReused)} (into a reused array)`,
  );
}

const FABIO = `
import sys, time, numpy as np
from fabio.ext import byte_offset
a = np.fromfile(sys.argv[1], dtype='<i4')
copies = [a.copy() for _ in range(int(sys.argv[2]))]
p = bytes(byte_offset.comp_cbf32(a))
payloads = [bytes(bytearray(p)) for _ in copies]
def speed(f, reps=21, warm=5):
    for k in range(warm): f(k % len(copies))
    t = []
    for k in range(reps):
        s = time.perf_counter(); f(k % len(copies)); t.append(time.perf_counter() - s)
    t.sort()
    return f"{a.nbytes / 1e6 / t[reps // 2]:.0f} (best {a.nbytes / 1e6 / t[0]:.0f}) MB/s"
# The calls BASELINES.md times: comp_cbf32 (fabio's int32 encoder), dec_cbf (int64 output); dec_cbf32 is fabio's int32 reader.
print(f"  fabio  encode {speed(lambda k: byte_offset.comp_cbf32(copies[k]))} | decode dec_cbf {speed(lambda k: byte_offset.dec_cbf(payloads[k], a.size))}"
      f", dec_cbf32 {speed(lambda k: byte_offset.dec_cbf32(payloads[k], a.size))}")
`;

function measureFabio(pixels: Int32Array, cold = false): void {
  const dir = mkdtempSync(join(tmpdir(), 'beamstack-bo-bench-'));
  try {
    const file = join(dir, 'frame.i4');
    writeFileSync(file, pixelBytes(pixels));
    const args = ['-c', FABIO, file, String(cold ? COPIES : 1)];
    const run = spawnSync('/usr/bin/python3', args, { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
    console.log(run.status === 0 ? run.stdout.trimEnd() : `  fabio not measured: ${run.stderr.trim().split('\n').pop()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The BASELINES.md frame (oracle/synth.py, seed 7, frame 5) with 0xFFFFFFFF → −1, as bench_codecs.py makes it. */
function baselinesFrame(): Int32Array | null {
  // Counts stay far below 2^31, so reading the uint32 bytes as int32 turns only 0xFFFFFFFF into −1.
  const frame = synthFrame([2167, 2070]);
  return frame && new Int32Array(frame.buffer, frame.byteOffset, frame.length);
}

const frame = await simulatedCbfFrame();
for (const cold of [false, true]) {
  measure('simulate 4M frame 5, Eiger->CBF int32', frame.pixels, cold);
  measureFabio(frame.pixels, cold);
}
const baseline = baselinesFrame();
if (baseline) {
  for (const cold of [false, true]) {
    measure('BASELINES.md synth.py 4M frame, int32', baseline, cold);
    measureFabio(baseline, cold);
  }
} else {
  console.warn('oracle/synth.py frame unavailable (no /usr/bin/python3 with numpy): measured the simulate frame only');
}
// Other dtypes of the same counts (ours only; warm).
measure('same counts, raw detector uint32', frame.raw);
measure('same counts clipped to 16 bits, uint16', Uint16Array.from(frame.raw, (v) => Math.min(v, 0xffff)));
measure('same counts clipped, int16', Int16Array.from(frame.pixels, (v) => Math.min(v, 0x7fff)));
measure('same counts clipped to 8 bits, uint8', Uint8Array.from(frame.raw, (v) => Math.min(v, 0xff)));
