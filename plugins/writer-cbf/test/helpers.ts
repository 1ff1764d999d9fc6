import type { DatasetMeta, JsonObject, PixelArray } from '@beamstack/contract';
import { resolveSimulateOptions, simulateSource } from '@beamstack/source-simulate';
import { openRendered, testMeta, writeNpy } from '@beamstack/testkit';

export const H = 64;
export const W = 80;

/** A mask with a gap column (bit 0), a dead pixel (bit 1), a hot one (bit 3) and a virtual one (bit 31). */
export function makeMask(): Uint32Array {
  const mask = new Uint32Array(H * W);
  for (let y = 0; y < H; y++) mask[y * W + 40] = 1;
  mask[5 * W + 5] = 2;
  mask[6 * W + 6] = 8;
  mask[7 * W + 7] = 0x80000000;
  return mask;
}

export function makeMeta(frameCount = 3, mask: Uint32Array | null = makeMask()): DatasetMeta {
  return testMeta({ shape: [H, W], dtype: 'uint32', frameCount, mask });
}

/** Frame `i` as the detector stores it: counts, masked pixels at 2^32 − 1, one count above 2^31. */
export function makePixels(i: number, mask: Uint32Array | null = makeMask()): Uint32Array {
  const px = new Uint32Array(H * W);
  for (let k = 0; k < px.length; k++) px[k] = ((k * 2654435761 + i * 97) >>> 0) % 23;
  if (mask) for (let k = 0; k < px.length; k++) if (mask[k] !== 0 && mask[k] !== 0x80000000) px[k] = 0xffffffff;
  px[3] = 0x80000001;
  px[4] = 1_999_999 + i;
  return px;
}

/**
 * The CBF values the writer must produce, computed here independently: mask bit 0 → −1, bits
 * 1–30 → −2, counts above 2^31 − 1 → saturation + 1 (the count cutoff), else the count.
 */
export function expectedValues(pixels: Uint32Array, mask: Uint32Array | null, saturation: number): Int32Array {
  const out = new Int32Array(pixels.length);
  for (let k = 0; k < pixels.length; k++) {
    const m = mask?.[k] ?? 0;
    const v = pixels[k]!;
    out[k] = m & 1 ? -1 : (m & 0x7ffffffe) !== 0 ? -2 : !mask && v === 0xffffffff ? -1 : v > 0x7fffffff ? saturation + 1 : v;
  }
  return out;
}

export function asArray(p: PixelArray): number[] {
  return Array.from(p);
}

/** The simulated frames rendered directly and converted here by the Eiger → CBF rules, as .npy. */
export async function writeExpectedNpy(npy: string, options: JsonObject): Promise<DatasetMeta> {
  const { meta, render } = await openRendered(simulateSource, resolveSimulateOptions(options));
  const frames = function* (): Generator<Int32Array> {
    for (let i = 0; i < meta.frameCount; i++) {
      yield expectedValues(Uint32Array.from(render(i)), meta.detector.pixelMask, meta.detector.saturationValue);
    }
  };
  writeNpy(npy, 'int32', [meta.frameCount, meta.shape[0], meta.shape[1]], frames());
  return meta;
}
