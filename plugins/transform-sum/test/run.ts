import type { DatasetMeta, Frame, PixelArray } from '@beamstack/contract';
import { sumTransform, type SumOptions } from '../src/index.js';
import type { Series } from './simulated.js';

export const sumOptions = (o: Partial<SumOptions>): SumOptions => ({ overflow: 'widen', partial: 'drop', ...o });

export interface Summed {
  readonly output: DatasetMeta;
  /** One entry per window, null where the stage dropped it. */
  readonly frames: (Frame | null)[];
}

/**
 * Runs the stage as the host does: mapMeta and window once, then apply on consecutive windows, the
 * short last one with complete = false. Each window gets copies, because the stage may write its
 * result over the first frame (the host hands frames over for good).
 */
export function runSum(series: Series, o: Partial<SumOptions>): Summed {
  const options = sumOptions(o);
  const input = series.meta;
  const output = sumTransform.mapMeta(input, { options });
  const n = sumTransform.window!(input, { options });
  const frames: (Frame | null)[] = [];
  for (let first = 0; first < series.frames.length; first += n) {
    const window = series.frames.slice(first, first + n).map((pixels, k): Frame => ({ index: first + k, shape: input.shape, dtype: input.dtype, pixels: pixels.slice() }));
    frames.push(sumTransform.apply!(window, { options, input, output, complete: window.length === n }));
  }
  return { output, frames };
}

export function pixelsOf(frame: Frame | null): PixelArray {
  if (!frame?.pixels) throw new Error('no pixels');
  return frame.pixels;
}
