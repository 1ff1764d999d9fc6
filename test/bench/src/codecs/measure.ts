import { deflateSync, inflateSync } from 'node:zlib';
import { pixelBytes, type CodecStage, type FrameInfo, type JsonObject, type PixelArray } from '@beamstack/contract';

export interface CodecMeasurement {
  /** MB (10^6) of uncompressed pixels per second, median of the reps. */
  readonly encodeMbps: number;
  readonly decodeMbps: number;
  /** Uncompressed / encoded bytes. */
  readonly compression: number;
  readonly encodedBytes: number;
  /**
   * Process CPU seconds per wall second over the timed calls: ~1 when this thread had a core to
   * itself, well below 1 when other load took it (then the MB/s understate the codec).
   */
  readonly cpuPerWall: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median wall time of `reps` calls, after one untimed call (JIT, first-touch page faults). */
export function medianMs(reps: number, fn: () => unknown): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

const mbps = (bytes: number, ms: number): number => bytes / 1e6 / (ms / 1000);

/**
 * Encode and decode speed of one codec on one frame, single-threaded on this thread. The round
 * trip is checked once, outside the timing.
 */
export function measureCodec(codec: CodecStage, pixels: PixelArray, info: FrameInfo, params: JsonObject, reps: number): CodecMeasurement {
  const ctx = { options: params };
  const encoded = codec.encode(pixels, info, ctx);
  const decoded = codec.decode(encoded, info, ctx);
  if (Buffer.compare(pixelBytes(decoded), pixelBytes(pixels)) !== 0) throw new Error(`${codec.id} ${JSON.stringify(params)}: round trip changed the frame`);
  const cpu = process.cpuUsage();
  const wall = process.hrtime.bigint();
  const encodeMs = medianMs(reps, () => codec.encode(pixels, info, ctx));
  const decodeMs = medianMs(reps, () => codec.decode(encoded, info, ctx));
  const used = process.cpuUsage(cpu);
  const cpuPerWall = (used.user + used.system) / 1000 / (Number(process.hrtime.bigint() - wall) / 1e6);
  return { encodeMbps: mbps(pixels.byteLength, encodeMs), decodeMbps: mbps(pixels.byteLength, decodeMs), compression: pixels.byteLength / encoded.length, encodedBytes: encoded.length, cpuPerWall };
}

/** HDF5 byte shuffle (filter 2): all first bytes of the elements, then all second bytes, … */
export function byteShuffle(bytes: Uint8Array, elementSize: number): Uint8Array {
  const n = Math.floor(bytes.length / elementSize);
  const out = new Uint8Array(bytes.length);
  for (let j = 0; j < elementSize; j++) for (let i = 0; i < n; i++) out[j * n + i] = bytes[i * elementSize + j]!;
  out.set(bytes.subarray(n * elementSize), n * elementSize);
  return out;
}

/**
 * node:zlib alone on the bytes a deflate codec hands to zlib (shuffled beforehand, untimed): the
 * speed a deflate codec built on it can reach. Large output pieces (1 MiB when deflating, the
 * whole frame when inflating) avoid Node's 16 KiB pieces and their concatenation.
 */
export function measureZlib(input: Uint8Array, level: number, reps: number): { encodeMbps: number; decodeMbps: number; compression: number } {
  const compressed = deflateSync(input, { level, chunkSize: 1 << 20 });
  const encodeMs = medianMs(reps, () => deflateSync(input, { level, chunkSize: 1 << 20 }));
  const decodeMs = medianMs(reps, () => inflateSync(compressed, { chunkSize: Math.max(64, input.length) }));
  return { encodeMbps: mbps(input.length, encodeMs), decodeMbps: mbps(input.length, decodeMs), compression: input.length / compressed.length };
}
