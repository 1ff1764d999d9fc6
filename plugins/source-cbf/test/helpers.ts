import { readFileSync } from 'node:fs';
import type { DatasetMeta, Frame, HostContext, PixelArray } from '@beamstack/contract';
import { testHostContext, testMeta, testWriterContext, type TestWarning } from '@beamstack/testkit';
import { cbfSeriesWriter } from '@beamstack/writer-cbf';
import { verifiedByteOffsetCodec } from '../src/index.js';

export interface TestContext {
  readonly ctx: HostContext;
  readonly warnings: TestWarning[];
}

export function testContext(baseDir = process.cwd()): TestContext {
  const warnings: TestWarning[] = [];
  return { warnings, ctx: testHostContext({ baseDir, warnings }) };
}

export const H = 48;
export const W = 56;

export function makeMask(): Uint32Array {
  const mask = new Uint32Array(H * W);
  for (let x = 0; x < W; x++) mask[20 * W + x] = 1;
  mask[3 * W + 3] = 2;
  mask[4 * W + 9] = 16;
  return mask;
}

export function makeMeta(frameCount: number): DatasetMeta {
  const base = testMeta({ shape: [H, W], dtype: 'uint32', frameCount, mask: makeMask() });
  return {
    ...base,
    scan: { ...base.scan, start_deg: 12.5, increment_deg: 0.25 },
    provenance: { inputs: [], steps: [{ plugin: '@beamstack/source-simulate', version: '0.1.0', stage: 'simulate', options: { seed: 3 }, time: '2024-05-01T11:00:00.000Z', host: '@beamstack/host@0.1.0' }] },
  };
}

export function makePixels(i: number): Uint32Array {
  const px = new Uint32Array(H * W);
  for (let k = 0; k < px.length; k++) px[k] = ((k * 40503 + i * 11) >>> 0) % 17 + (k === 100 ? 70000 + i : 0);
  return px;
}

/** Writes `n` frames with the cbf-series writer (no pool); returns the CBF values it must hold. */
export async function writeSeries(dir: string, n: number, prefix = 'x'): Promise<{ meta: DatasetMeta; values: Int32Array[]; files: string[] }> {
  const meta = makeMeta(n);
  const session = await cbfSeriesWriter.open(meta, { prefix, digits: 6 }, testWriterContext(dir));
  const values: Int32Array[] = [];
  const mask = makeMask();
  for (let i = 0; i < n; i++) {
    const px = makePixels(i);
    await session.write({ index: i, shape: [H, W], dtype: 'uint32', pixels: px });
    values.push(Int32Array.from(px, (v, k) => (mask[k]! & 1 ? -1 : mask[k] ? -2 : v)));
  }
  const result = await session.close();
  return { meta, values, files: result.files.map((f) => f.path) };
}

/** Decodes a frame the source produced, as a pool worker would. */
export function decodeFrame(frame: Frame): PixelArray {
  return verifiedByteOffsetCodec.decode(frame.encoded!.bytes, frame, { options: frame.encoded!.params });
}

/** A NumPy .npy file (format 1.0, little-endian, C order) as a flat typed array and its shape. */
export function readNpy(path: string): { shape: number[]; data: Int32Array } {
  const bytes = readFileSync(path);
  const headerLength = bytes.readUInt16LE(8);
  const header = bytes.toString('latin1', 10, 10 + headerLength);
  if (!/'descr': '<i4'/.test(header)) throw new Error(`${path}: not int32 (${header})`);
  const shape = /'shape': \(([^)]*)\)/.exec(header)![1]!.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const start = 10 + headerLength;
  const copy = bytes.subarray(start).buffer.slice(bytes.byteOffset + start, bytes.byteOffset + bytes.length);
  return { shape, data: new Int32Array(copy) };
}
