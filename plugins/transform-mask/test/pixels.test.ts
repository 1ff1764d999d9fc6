import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetMeta, Frame, PixelArray } from '@beamstack/contract';
import { openEiger } from '@beamstack/source-eiger';
import { framePixels, tempDir, testHostContext, testMeta } from '@beamstack/testkit';
import { prng } from '@beamstack/testkit/data';
import { describeDectris, describeInterop } from '@beamstack/testkit/vitest';
import { maskTransform, maskedValueFor, maskRuns } from '../src/index.js';
import { CODECS, numpyMaskDiffers, runStage, simulation, writeUserMask } from './helpers.js';

/** Data as recorded with pixelMaskApplied = false: masked pixels hold counts, not the masked value. */
function unapplied(meta: DatasetMeta, pixels: PixelArray, seed: number): { meta: DatasetMeta; pixels: PixelArray } {
  const random = prng(seed);
  const out = pixels.slice();
  const mask = meta.detector.pixelMask!;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) out[i] = Math.floor(random() * 50);
  return { meta: { ...meta, detector: { ...meta.detector, pixelMaskApplied: false } }, pixels: out };
}

describe('mask pixels: a plain loop', () => {
  it('writes 2^bits − 1 into exactly the masked pixels of a simulated frame (uint32, uint16)', async () => {
    for (const dtype of ['uint32', 'uint16'] as const) {
      const sim = await simulation({ detector: 'small', frames: 1, dtype, distance: 0.06, spots: 400 });
      const { meta, pixels } = unapplied(sim.meta, sim.render(0), 9);
      const value = dtype === 'uint16' ? 0xffff : 0xffffffff;
      const mask = meta.detector.pixelMask!;
      // Saturated pixels, some at the masked value itself (DECTRIS: strongly saturated pixels can
      // reach it): they are data, and only the mask decides.
      for (let i = 0; i < pixels.length; i += 997) if (mask[i] === 0) pixels[i] = i % 2 ? meta.detector.saturationValue : value;
      const { outMeta, out } = runStage(meta, { apply: true }, [pixels.slice()]);
      let masked = 0;
      let saturated = 0;
      for (let i = 0; i < pixels.length; i++) {
        const want = mask[i] !== 0 ? value : pixels[i];
        if (out[0]![i] !== want) throw new Error(`${dtype} pixel ${i}: ${out[0]![i]} != ${want}`);
        if (mask[i] !== 0) masked++;
        else if (pixels[i]! >= meta.detector.saturationValue) saturated++;
      }
      expect(masked).toBeGreaterThan(1000);
      expect(saturated).toBeGreaterThan(30); // saturated counts are data: left alone
      expect(outMeta.detector.pixelMaskApplied).toBe(true);
    }
  });

  it('finds masked runs exactly (a plain loop over the runs gives the mask back)', () => {
    const random = prng(4);
    for (const density of [0, 0.001, 0.3, 0.97, 1]) {
      const mask = new Uint32Array(5000).map(() => (random() < density ? 1 + Math.floor(random() * 3) : 0));
      const runs = maskRuns(mask);
      const rebuilt = new Uint8Array(mask.length);
      for (let k = 0; k < runs.length; k += 2) {
        expect(runs[k]!).toBeLessThan(runs[k + 1]!);
        if (k > 0) expect(runs[k]!).toBeGreaterThan(runs[k - 1]!); // runs never touch: maximal
        rebuilt.fill(1, runs[k], runs[k + 1]);
      }
      expect(Array.from(rebuilt)).toEqual(Array.from(mask, (v) => (v ? 1 : 0)));
    }
  });

  it('uses bitDepthImage for the masked value, −1 for signed data', () => {
    const meta12 = testMeta({ dtype: 'uint16' });
    expect(maskedValueFor({ ...meta12, detector: { ...meta12.detector, bitDepthImage: 12 } })).toBe(4095);
    expect(maskedValueFor({ ...meta12, detector: { ...meta12.detector, bitDepthImage: 32 } })).toBe(0xffff);
    expect(maskedValueFor(testMeta({ dtype: 'uint32' }))).toBe(0xffffffff);
    expect(maskedValueFor(testMeta({ dtype: 'int32' }))).toBe(-1);
    expect(maskedValueFor(testMeta({ dtype: 'uint8' }))).toBe(255);
  });

  it('writes in place into a frame it owns, into a copy when the frame is shared memory', () => {
    const mask = new Uint32Array(12);
    mask[3] = 1;
    const meta = { ...testMeta({ shape: [3, 4], mask }), detector: { ...testMeta({ shape: [3, 4], mask }).detector, pixelMaskApplied: false } };
    const options = { apply: true };
    const output = maskTransform.mapMeta(meta, { options });
    const owned = new Uint32Array(12).fill(5);
    const out1 = maskTransform.apply!([{ index: 0, shape: [3, 4], dtype: 'uint32', pixels: owned }], { options, input: meta, output, complete: true })!;
    expect(out1.pixels).toBe(owned);
    expect(owned[3]).toBe(0xffffffff);
    const shared = new Uint32Array(new SharedArrayBuffer(48)).fill(5);
    const out2 = maskTransform.apply!([{ index: 1, shape: [3, 4], dtype: 'uint32', pixels: shared }], { options, input: meta, output, complete: true })!;
    expect(shared[3]).toBe(5);
    expect(out2.pixels![3]).toBe(0xffffffff);
    expect(out2.pixels!.buffer).toBeInstanceOf(ArrayBuffer);
    expect(out2.index).toBe(1);
  });

  it('passes frames untouched with apply: false, and when there is no mask', () => {
    const meta = testMeta({ shape: [3, 4], mask: null });
    const frame: Frame = { index: 0, shape: [3, 4], dtype: 'uint32', pixels: new Uint32Array(12).fill(7) };
    const output = maskTransform.mapMeta(meta, { options: { apply: true } });
    expect(maskTransform.apply!([frame], { options: { apply: true }, input: meta, output, complete: true })).toBe(frame);
    expect(maskTransform.apply!([frame], { options: { apply: false }, input: meta, output, complete: true })).toBe(frame);
    expect(Array.from(frame.pixels!)).toEqual(new Array(12).fill(7));
  });

  it('refuses a frame that does not match its description', () => {
    const meta = testMeta({ shape: [3, 4], mask: new Uint32Array(12) });
    const output = maskTransform.mapMeta(meta, { options: { apply: true } });
    const wrong: Frame = { index: 4, shape: [3, 4], dtype: 'uint32', pixels: new Uint16Array(12) };
    expect(() => maskTransform.apply!([wrong], { options: { apply: true }, input: meta, output, complete: true })).toThrow(/expected 3x4 uint32 pixels, got 3x4 uint16 pixels/);
  });
});

describeInterop('mask pixels and mask: numpy', ['numpy'], () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await tempDir()));
  afterAll(() => cleanup());

  it('simulated eiger-500k frames recorded without the mask applied, plus a user mask', async () => {
    const sim = await simulation({ detector: 'eiger-500k', frames: 2, spots: 150 });
    const userFile = join(dir, 'user-500k.npy');
    writeUserMask(userFile, sim.meta.shape, 11);
    for (const apply of [true, false]) {
      const inputs = [0, 1].map((i) => unapplied(sim.meta, sim.render(i), 20 + i));
      const meta = inputs[0]!.meta;
      const frames = inputs.map((f) => f.pixels);
      const { outMeta, out } = runStage(meta, { file: userFile, apply }, frames.map((f) => f.slice()));
      expect(outMeta.detector.pixelMaskApplied).toBe(apply);
      const differ = numpyMaskDiffers(dir, `sim-${apply}`, meta.dtype, meta.shape, meta.detector.pixelMask, userFile, frames, out, outMeta.detector.pixelMask, apply, 32);
      expect(differ).toEqual({ frames: 0, mask: 0 });
    }
  });

  describeDectris('real DECTRIS frames (decoded by source-eiger and the codec plugins), a user mask, masked value 2^16 − 1', /_data_00000[12]\.h5$/, (files) => {
    for (const file of files) {
      it(basename(file), async () => {
        const session = await openEiger({ path: file, verify: false }, testHostContext({ codecs: CODECS }));
        try {
          const meta = session.meta;
          expect(meta.detector.pixelMask).toBeNull(); // a lone data file: the user mask is the whole mask
          const frames: PixelArray[] = [];
          for (let i = 0; i < meta.frameCount; i++) frames.push(framePixels(await session.read!(i), CODECS));
          const userFile = join(dir, `${basename(file)}.npy`);
          writeUserMask(userFile, meta.shape, frames.length);
          const { outMeta, out } = runStage(meta, { file: userFile, apply: true }, frames.map((f) => f.slice()));
          const bits = meta.detector.bitDepthImage;
          expect(bits).toBe(16);
          const differ = numpyMaskDiffers(dir, basename(file), meta.dtype, meta.shape, null, userFile, frames, out, outMeta.detector.pixelMask, true, bits);
          expect(differ).toEqual({ frames: 0, mask: 0 });
        } finally {
          await session.close();
        }
      });
    }
  });
});
