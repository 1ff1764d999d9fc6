import type { DatasetMeta, PixelArray } from '@beamstack/contract';
import { allocCounts, countDType, highBitsBelow, kernelRule, kernelView } from '@beamstack/transform-sum/counts';
import { binFrame } from './kernel.js';
import { cachedFacts } from './mask.js';
import type { BinOptions } from './options.js';

/**
 * Bins one frame of `input` pixels into the shape, type and saturation `output` describes
 * (what mapBinMeta returned for the same options).
 */
export function binPixels(pixels: PixelArray, input: DatasetMeta, output: DatasetMeta, options: BinOptions, untrusted: number): PixelArray {
  const inType = countDType(input, 'bin');
  const outType = countDType(output, 'bin');
  const [height, width] = input.shape;
  const [outHeight, outWidth] = output.shape;
  const mask = input.detector.pixelMask;
  const { facts, special } = cachedFacts(mask, input.shape, output.shape, options.factor, options.edges);
  const { pixels: binned, view: out } = allocCounts(outType, outHeight * outWidth);
  binFrame({
    input: kernelView(pixels),
    height,
    width,
    factor: options.factor,
    out,
    outWidth,
    outHeight,
    mean: options.mode === 'mean',
    maskAware: options.maskAware,
    rule: kernelRule(inType, outType, untrusted, output.detector.saturationValue),
    // The loops cap every sum themselves, so P <= S is all the filter needs.
    high: highBitsBelow(untrusted),
    mask,
    facts,
    special,
  });
  return binned;
}
