/*
 * codec-lz4 throughput on a realistic simulated EIGER2 4M uint32 frame (2167 x 2070, 17.94 MB,
 * from @beamstack/source-simulate), median of 15 runs, uncompressed MB/s, plain Node on the
 * compiled JS (as the host's workers run it), next to liblz4 (python-lz4) on the same frame:
 *   npx tsc -b && npx tsc -p plugins/codec-lz4/bench && node plugins/codec-lz4/bench/dist/bench/throughput.js
 */
import { pixelBytes, type FrameInfo } from '@beamstack/contract';
import { resolveSimulateOptions, simulateSource } from '@beamstack/source-simulate';
import { openRendered } from '@beamstack/testkit';
import { measureThroughput, pythonTimings } from '@beamstack/testkit/bench';
import { lz4Kernel } from '@beamstack/lz4';
import { decodeLz4Chunk, lz4Codec } from '../src/index.js';

/** Median of 15 runs after 3 warm-up runs. */
const RUNS = { reps: 15, warmup: 3 };

interface NativeTimings {
  readonly [blockSize: string]: { readonly encode: number; readonly decode: number; readonly ratio: number };
}

/** liblz4 through python-lz4, in the same 32004 framing (blocks of `bs`, raw escape), median of 7. */
const PY_NATIVE = `
import json, struct, sys, time
import lz4.block
data = open(sys.argv[1], 'rb').read()
def encode(bs):
    out = [struct.pack('>QI', len(data), bs)]
    for p in range(0, len(data), bs):
        blk = data[p:p + bs]
        c = lz4.block.compress(blk, store_size=False)
        if len(c) >= len(blk): c = blk
        out += [struct.pack('>I', len(c)), c]
    return b''.join(out)
def decode(chunk):
    total, bs = struct.unpack_from('>QI', chunk)
    pos, out = 12, []
    for p in range(0, total, bs):
        n = min(bs, total - p)
        (c,) = struct.unpack_from('>I', chunk, pos); pos += 4
        blk = chunk[pos:pos + c]; pos += c
        out.append(blk if c == n else lz4.block.decompress(blk, uncompressed_size=n))
    return b''.join(out)
def median(f, reps=7):
    f(); times = []
    for _ in range(reps):
        t = time.perf_counter(); f(); times.append(time.perf_counter() - t)
    return sorted(times)[reps // 2]
res = {}
for bs in (len(data), 8192):
    chunk = encode(bs)
    assert decode(chunk) == data
    res[str(0 if bs == len(data) else bs)] = {'encode': len(data) / 1e6 / median(lambda: encode(bs)),
                                              'decode': len(data) / 1e6 / median(lambda: decode(chunk)),
                                              'ratio': len(data) / len(chunk)}
print(json.dumps(res))
`;

// Frame 5 of the default simulated EIGER2 4M series (2167 x 2070), through the stage's own hooks.
const frame = (await openRendered(simulateSource, resolveSimulateOptions({ detector: 'eiger-4m', dtype: 'uint32', frames: 6 }))).render(5);
const info: FrameInfo = { shape: [2167, 2070], dtype: 'uint32' };
const size = frame.byteLength;
const native = pythonTimings<NativeTimings>(pixelBytes(frame), PY_NATIVE);
const results: Record<string, number> = {};
console.log(`simulated EIGER2 4M uint32 frame: ${(size / 1e6).toFixed(2)} MB; @beamstack/lz4 kernel: ${lz4Kernel.name}`);
for (const blockSize of [0, 8192]) {
  const ctx = { options: { blockSize } };
  const chunk = lz4Codec.encode(frame, info, ctx);
  const encode = measureThroughput(size, () => void lz4Codec.encode(frame, info, ctx), RUNS).median;
  const decode = measureThroughput(size, () => void lz4Codec.decode(chunk, info, ctx), RUNS).median;
  const reused = new Uint8Array(size);
  const decodeReused = measureThroughput(size, () => decodeLz4Chunk(chunk, reused), RUNS).median;
  const ref = native?.[String(blockSize)];
  const key = `blockSize ${blockSize}`;
  Object.assign(results, {
    [`${key} ratio`]: size / chunk.length,
    [`${key} encode`]: encode,
    [`${key} decode`]: decode,
    [`${key} decode reused`]: decodeReused,
    ...(ref ? { [`${key} native ratio`]: ref.ratio, [`${key} native encode`]: ref.encode, [`${key} native decode`]: ref.decode } : {}),
  });
  console.log(
    `blockSize ${blockSize === 0 ? '0 (one block)' : blockSize}: ratio ${(size / chunk.length).toFixed(2)} | ` +
      `encode ${encode.toFixed(0)} MB/s | decode ${decode.toFixed(0)} MB/s (into a reused buffer ${decodeReused.toFixed(0)})` +
      (ref
        ? ` || liblz4 (python-lz4, same framing): ratio ${ref.ratio.toFixed(2)}, encode ${ref.encode.toFixed(0)}, decode ${ref.decode.toFixed(0)} MB/s` +
          ` -> ours at ${(encode / ref.encode).toFixed(2)}x / ${(decode / ref.decode).toFixed(2)}x of native`
        : ''),
  );
}
console.log(`RESULTS ${JSON.stringify(results)}`);
