import { allocPixels, dtypeInfo, maskedValue, pixelCount, type DType, type FrameShape, type PixelArray } from '@beamstack/contract';
import { SeededRandom } from './random.js';

/**
 * Pixel contents that stress codecs in different ways: runs of one value, incompressible noise,
 * the type's extremes (largest deltas, escape codes), detector conventions (masked pixels,
 * saturation) and the sparse low counts real Eiger frames are made of.
 */
export const PIXEL_PATTERNS = ['zeros', 'random', 'saturated', 'masked', 'eiger-sparse', 'extremes', 'ramp', 'all-max'] as const;
export type PixelPattern = (typeof PIXEL_PATTERNS)[number];

/** Pixels of one pattern; the same (pattern, dtype, shape, seed) always gives the same pixels. */
export function patternPixels(pattern: PixelPattern, dtype: DType, shape: FrameShape, seed: number): PixelArray {
  const count = pixelCount(shape);
  const pixels = allocPixels(dtype, count);
  const rng = new SeededRandom(seed);
  const info = dtypeInfo(dtype);
  const [height, width] = shape;
  switch (pattern) {
    case 'zeros':
      break;
    case 'random': {
      const bytes = rng.bytes(pixels.byteLength);
      new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength).set(bytes);
      break;
    }
    case 'all-max':
      pixels.fill(info.max);
      break;
    case 'extremes':
      for (let i = 0; i < count; i++) pixels[i] = rng.chance(0.5) ? info.min : info.max;
      break;
    case 'ramp':
      for (let i = 0; i < count; i++) pixels[i] = info.min + (i % (info.max - info.min + 1));
      break;
    case 'saturated':
      // Background with blobs clipped at the highest trusted count (max − 1; max is the mask value).
      fillBackground(pixels, rng, 0.3, info.max);
      for (let spot = 0; spot < Math.max(1, Math.floor(count / 400)); spot++) {
        drawBlob(pixels, shape, rng.int(height), rng.int(width), rng.range(1, 3), () => info.max - 1);
      }
      break;
    case 'masked':
      // Module-gap-like rows and columns plus scattered dead pixels at the mask value.
      fillBackground(pixels, rng, 1.0, info.max);
      maskGaps(pixels, shape, rng, maskedValue(dtype));
      break;
    case 'eiger-sparse':
      // Mostly 0 and 1 counts, a few Bragg-like spots, gaps at the mask value.
      fillBackground(pixels, rng, 0.2, info.max);
      for (let spot = 0; spot < Math.max(1, Math.floor(count / 1000)); spot++) {
        const peak = Math.min(info.max - 1, rng.range(20, 5000));
        drawBlob(pixels, shape, rng.int(height), rng.int(width), rng.range(1, 2), (d2) => Math.floor(peak * Math.exp(-d2 / 2)));
      }
      maskGaps(pixels, shape, rng, maskedValue(dtype));
      break;
  }
  return pixels;
}

function fillBackground(pixels: PixelArray, rng: SeededRandom, mean: number, max: number): void {
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.min(max, rng.poisson(mean));
}

function drawBlob(pixels: PixelArray, shape: FrameShape, row: number, col: number, radius: number, value: (distance2: number) => number): void {
  const [height, width] = shape;
  for (let y = Math.max(0, row - radius); y <= Math.min(height - 1, row + radius); y++) {
    for (let x = Math.max(0, col - radius); x <= Math.min(width - 1, col + radius); x++) {
      const d2 = (y - row) ** 2 + (x - col) ** 2;
      if (d2 <= radius * radius) pixels[y * width + x] = Math.max(pixels[y * width + x]!, value(d2));
    }
  }
}

function maskGaps(pixels: PixelArray, shape: FrameShape, rng: SeededRandom, masked: number): void {
  const [height, width] = shape;
  if (width >= 8) {
    const col = rng.range(1, width - 3);
    for (let y = 0; y < height; y++) for (let x = col; x < col + 2; x++) pixels[y * width + x] = masked;
  }
  if (height >= 8) {
    const row = rng.range(1, height - 3);
    pixels.fill(masked, row * width, (row + 2) * width);
  }
  for (let k = 0; k < Math.max(1, Math.floor(pixels.length / 500)); k++) pixels[rng.int(pixels.length)] = masked;
}
