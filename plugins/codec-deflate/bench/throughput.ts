/*
 * codec-deflate throughput on a realistic simulated EIGER2 4M uint32 frame (2167 x 2070,
 * 17.94 MB, from @beamstack/source-simulate), median of 15 runs, uncompressed MB/s, plain Node on
 * the compiled JS (as the host's workers run it), for both engines, next to the system zlib
 * (Python's zlib module + numpy shuffle) on the same frame:
 *   npx tsc -b && npx tsc -p plugins/codec-deflate/bench && node plugins/codec-deflate/bench/dist/bench/throughput.js
 */
import { pixelBytes, type FrameInfo } from '@beamstack/contract';
import { resolveSimulateOptions, simulateSource } from '@beamstack/source-simulate';
import { openRendered } from '@beamstack/testkit';
import { measureThroughput, pythonTimings } from '@beamstack/testkit/bench';
import { deflateCodec } from '../src/index.js';

interface NativeTimings {
  readonly [pipeline: string]: { readonly encode: number; readonly decode: number; readonly ratio: number };
}

/** System zlib (the library HDF5 uses here) through Python, with numpy's byte shuffle, median of 7. */
const PY_NATIVE = `
import json, sys, time, zlib
import numpy as np
data = open(sys.argv[1], 'rb').read()
def median(f, reps=7):
    f(); times = []
    for _ in range(reps):
        t = time.perf_counter(); f(); times.append(time.perf_counter() - t)
    return sorted(times)[reps // 2]
def shuffle(b): return np.frombuffer(b, np.uint8).reshape(-1, 4).T.tobytes()
def unshuffle(b): return np.frombuffer(b, np.uint8).reshape(4, -1).T.tobytes()
res = {}
for level in (1, 6):
    for shuf in (True, False):
        enc = (lambda: zlib.compress(shuffle(data), level)) if shuf else (lambda: zlib.compress(data, level))
        chunk = enc()
        dec = (lambda: unshuffle(zlib.decompress(chunk))) if shuf else (lambda: zlib.decompress(chunk))
        assert dec() == data
        res['%d %s' % (level, shuf)] = {'encode': len(data) / 1e6 / median(enc), 'decode': len(data) / 1e6 / median(dec),
                                        'ratio': len(data) / len(chunk)}
print(json.dumps(res))
`;

// Frame 5 of the default simulated EIGER2 4M series (2167 x 2070), through the stage's own hooks.
const frame = (await openRendered(simulateSource, resolveSimulateOptions({ detector: 'eiger-4m', dtype: 'uint32', frames: 6 }))).render(5);
const info: FrameInfo = { shape: [2167, 2070], dtype: 'uint32' };
const size = frame.byteLength;
const native = pythonTimings<NativeTimings>(pixelBytes(frame), PY_NATIVE);
const results: Record<string, number> = {};
console.log(`simulated EIGER2 4M uint32 frame: ${(size / 1e6).toFixed(2)} MB; MB/s of uncompressed data`);
for (const level of [1, 6]) {
  for (const shuffle of [true, false]) {
    const ref = native?.[`${level} ${shuffle ? 'True' : 'False'}`];
    const key = `level ${level} shuffle ${shuffle}`;
    if (ref) Object.assign(results, { [`${key} zlib ratio`]: ref.ratio, [`${key} zlib encode`]: ref.encode, [`${key} zlib decode`]: ref.decode });
    console.log(
      `level ${level}, shuffle ${shuffle}:` +
        (ref ? ` system zlib (python): ratio ${ref.ratio.toFixed(2)}, encode ${ref.encode.toFixed(0)}, decode ${ref.decode.toFixed(0)}` : ''),
    );
    for (const engine of ['node', 'fflate'] as const) {
      const ctx = { options: { level, shuffle, engine } };
      const chunk = deflateCodec.encode(frame, info, ctx);
      const reps = engine === 'fflate' || level > 1 ? 5 : 15;
      const encode = measureThroughput(size, () => void deflateCodec.encode(frame, info, ctx), { reps, warmup: 1 }).median;
      const decode = measureThroughput(size, () => void deflateCodec.decode(chunk, info, ctx), { reps, warmup: 1 }).median;
      Object.assign(results, {
        [`${key} ${engine} ratio`]: size / chunk.length,
        [`${key} ${engine} encode`]: encode,
        [`${key} ${engine} decode`]: decode,
      });
      console.log(
        `  ${engine.padEnd(6)} ratio ${(size / chunk.length).toFixed(2)} | encode ${encode.toFixed(0)} | decode ${decode.toFixed(0)}` +
          (ref ? ` -> ${(encode / ref.encode).toFixed(2)}x / ${(decode / ref.decode).toFixed(2)}x of system zlib` : ''),
      );
    }
  }
}
console.log(`RESULTS ${JSON.stringify(results)}`);
