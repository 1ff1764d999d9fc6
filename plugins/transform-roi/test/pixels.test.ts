import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basename } from 'node:path';
import type { DatasetMeta, Frame, PixelArray } from '@beamstack/contract';
import { openEiger } from '@beamstack/source-eiger';
import { describeDectris, describeInterop } from '@beamstack/testkit/vitest';
import { roiTransform } from '../src/index.js';
import { framePixels, readAllFrames, tempDir, testHostContext } from '@beamstack/testkit';
import { CODECS, numpyCropDiffers, simulation } from './helpers.js';

type Rect4 = [number, number, number, number];

/**
 * The stage as the host runs it: mapMeta once, then apply per frame with both descriptions. The
 * stage may reuse the frame it is given (the host hands frames over), so it gets a copy and
 * `pixels` stays the reference.
 */
function cropWithStage(meta: DatasetMeta, pixels: PixelArray, index: number, rect: Rect4 | null, dmin?: number): { out: Frame; outMeta: DatasetMeta } {
  const options = rect ? { rect } : { dmin: dmin! };
  const outMeta = roiTransform.mapMeta(meta, { options });
  const frame: Frame = { index, shape: meta.shape, dtype: meta.dtype, pixels: pixels.slice() };
  const out = roiTransform.apply!([frame], { options, input: meta, output: outMeta, complete: true })!;
  return { out, outMeta };
}

/** A plain loop: the reference the stage must equal. */
function loopCrop(pixels: PixelArray, width: number, [x, y, w, h]: Rect4): number[] {
  const out: number[] = [];
  for (let row = y; row < y + h; row++) for (let col = x; col < x + w; col++) out.push(pixels[row * width + col]!);
  return out;
}

describe('roi pixels equal a plain loop', () => {
  it('on simulated frames with masked and saturated pixels, uint32 and uint16', async () => {
    for (const dtype of ['uint32', 'uint16'] as const) {
      const sim = await simulation({ detector: 'small', frames: 2, dtype, distance: 0.06, spots: 400 });
      const pixels = sim.render(1);
      const max = dtype === 'uint16' ? 0xffff : 0xffffffff;
      for (const rect of [[0, 0, 256, 256], [3, 5, 100, 200], [0, 17, 256, 40], [120, 120, 1, 1], [200, 0, 56, 256]] as Rect4[]) {
        const { out, outMeta } = cropWithStage(sim.meta, pixels, 1, rect);
        expect(out.shape).toEqual([rect[3], rect[2]]);
        expect(outMeta.shape).toEqual(out.shape);
        expect(out.dtype).toBe(dtype);
        expect(Array.from(out.pixels!)).toEqual(loopCrop(pixels, 256, rect));
      }
      // The frame holds what the test claims: masked pixels (2^bits − 1) and pixels at saturation.
      let masked = 0;
      for (const v of pixels) if (v === max) masked++;
      expect(masked).toBeGreaterThan(100);
    }
  });

  it('reuses the buffer of a frame it owns; copies out of shared memory and for small crops', async () => {
    const sim = await simulation({ detector: 'small', frames: 1 });
    const pixels = sim.render(0);
    const apply = (input: PixelArray, rect: Rect4): Frame => {
      const options = { rect };
      const output = roiTransform.mapMeta(sim.meta, { options });
      return roiTransform.apply!([{ index: 3, shape: sim.meta.shape, dtype: 'uint32', pixels: input }], { options, input: sim.meta, output, complete: true })!;
    };
    for (const rect of [[5, 7, 200, 180], [0, 30, 256, 100], [0, 0, 256, 70]] as Rect4[]) {
      const owned = pixels.slice();
      const big = apply(owned, rect);
      expect(big.pixels!.buffer).toBe(owned.buffer); // compacted in place: no allocation
      expect(big.pixels!.byteOffset).toBe(0);
      expect(Array.from(big.pixels!)).toEqual(loopCrop(pixels, 256, rect));
      expect(big.index).toBe(3);

      const shared = new Uint32Array(new SharedArrayBuffer(pixels.byteLength));
      shared.set(pixels);
      const copied = apply(shared, rect);
      expect(copied.pixels!.buffer).toBeInstanceOf(ArrayBuffer);
      expect(shared).toEqual(pixels); // shared memory is never written
      expect(Array.from(copied.pixels!)).toEqual(loopCrop(pixels, 256, rect));
    }
    // A small crop gets a right-sized buffer of its own, so the big frame can be freed.
    const owned = pixels.slice();
    const small = apply(owned, [100, 100, 30, 40]);
    expect(small.pixels!.buffer).not.toBe(owned.buffer);
    expect(small.pixels!.buffer.byteLength).toBe(30 * 40 * 4);
    expect(owned).toEqual(pixels);
    expect(Array.from(small.pixels!)).toEqual(loopCrop(pixels, 256, [100, 100, 30, 40]));
  });

  it('passes the frame through untouched when the region is the whole frame', async () => {
    const sim = await simulation({ detector: 'eiger-500k', frames: 1 });
    const pixels = sim.render(0);
    const frame: Frame = { index: 0, shape: sim.meta.shape, dtype: sim.meta.dtype, pixels };
    const outMeta = roiTransform.mapMeta(sim.meta, { options: { dmin: 2 } });
    expect(outMeta).toBe(sim.meta);
    expect(roiTransform.apply!([frame], { options: { dmin: 2 }, input: sim.meta, output: outMeta, complete: true })).toBe(frame);
  });

  it('refuses a frame that does not match its description', async () => {
    const sim = await simulation({ detector: 'small', frames: 1 });
    const options = { rect: [0, 0, 10, 10] };
    const output = roiTransform.mapMeta(sim.meta, { options });
    const wrong: Frame = { index: 7, shape: [128, 512], dtype: 'uint32', pixels: new Uint32Array(128 * 512) };
    expect(() => roiTransform.apply!([wrong], { options, input: sim.meta, output, complete: true })).toThrow(/expected 256x256 uint32 pixels, got 128x512/);
    const encoded: Frame = { index: 7, shape: [256, 256], dtype: 'uint32', encoded: { codec: 'bslz4', params: {}, bytes: new Uint8Array(8) } };
    expect(() => roiTransform.apply!([encoded], { options, input: sim.meta, output, complete: true })).toThrow(/encoded data/);
  });
});

describeInterop('roi pixels equal numpy slicing', ['numpy'], () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await tempDir()));
  afterAll(() => cleanup());

  it('on a simulated eiger-500k frame, rect and dmin', async () => {
    const sim = await simulation({ detector: 'eiger-500k', frames: 3, spots: 100 });
    const pixels = sim.render(2);
    for (const [name, rect, dmin] of [['rect', [301, 97, 420, 250], undefined], ['dmin', null, 5.5]] as const) {
      const { out, outMeta } = cropWithStage(sim.meta, pixels, 2, rect ? [...rect] : null, dmin);
      const x = Math.round(sim.meta.detector.beamCenter_px[0] - outMeta.detector.beamCenter_px[0]);
      const y = Math.round(sim.meta.detector.beamCenter_px[1] - outMeta.detector.beamCenter_px[1]);
      const used: Rect4 = [x, y, out.shape[1], out.shape[0]];
      if (rect) expect(used).toEqual(rect);
      const result = numpyCropDiffers(dir, `sim-${name}`, pixels, sim.meta.shape, used, out.pixels!, out.shape);
      expect(result).toEqual({ differ: 0, shape: [out.shape[0], out.shape[1]], dtypeSame: true });
    }
  });

  describeDectris('on the real DECTRIS frames (decoded by source-eiger and the codec plugins)', /_data_00000[12]\.h5$/, (files) => {
    for (const file of files) {
      it(basename(file), async () => {
        const session = await openEiger({ path: file, verify: false }, testHostContext({ codecs: CODECS }));
        try {
          const [h, w] = session.meta.shape;
          const rect: Rect4 = [Math.floor(w / 3), Math.floor(h / 5), Math.floor(w / 2), Math.floor(h / 2)];
          for (const frame of await readAllFrames(session)) {
            const pixels = framePixels(frame, CODECS);
            const { out } = cropWithStage(session.meta, pixels, frame.index, rect);
            const result = numpyCropDiffers(dir, `${basename(file)}-${frame.index}`, pixels, [h, w], rect, out.pixels!, out.shape);
            expect(result).toEqual({ differ: 0, shape: [rect[3], rect[2]], dtypeSame: true });
          }
        } finally {
          await session.close();
        }
      });
    }
  });
});
