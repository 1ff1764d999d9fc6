import type { PixelArray } from '@beamstack/contract';
import type { CountDType } from './counts.js';
import { add2, start1, start2, start3 } from './kernel.js';
import { allocCounts, kernelRule, kernelView } from './views.js';

export interface SumSpec {
  readonly input: CountDType;
  readonly output: CountDType;
  /** Input counts >= this are untrusted. */
  readonly untrusted: number;
  /** The output saturation value. */
  readonly saturation: number;
  /**
   * Write the sum over the first frame's pixels when the type stays the same (the host hands a
   * window's frames over for good; a fresh 18 MB output costs as much as the sum itself, in page
   * faults). Never done for pixels in shared memory.
   */
  readonly reuseFirst?: boolean;
}

/**
 * The pixel-wise sum of `frames` (all of `spec.input` type, same length) under the count rules:
 * marker in any frame → output marker; else any untrusted count → output saturation; else the
 * sum, at most the output saturation. Frames are combined two or three at a time so that every
 * output pixel is written once per pass.
 */
export function sumFrames(frames: readonly PixelArray[], spec: SumSpec): PixelArray {
  const length = frames[0]!.length;
  const rule = kernelRule(spec.input, spec.output, spec.untrusted, spec.saturation);
  const views = frames.map(kernelView);
  const first = frames[0]!;
  const reuse = spec.reuseFirst === true && spec.input === spec.output && !(first.buffer instanceof SharedArrayBuffer);
  const { pixels, view: out } = reuse ? { pixels: first, view: views[0]! } : allocCounts(spec.output, length);
  let next: number;
  if (views.length === 1) {
    start1(out, views[0]!, rule);
    next = 1;
  } else if (views.length % 2 === 1) {
    start3(out, views[0]!, views[1]!, views[2]!, rule);
    next = 3;
  } else {
    start2(out, views[0]!, views[1]!, rule);
    next = 2;
  }
  for (; next < views.length; next += 2) add2(out, views[next]!, views[next + 1]!, rule);
  return pixels;
}
