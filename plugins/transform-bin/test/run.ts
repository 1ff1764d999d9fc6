import type { DatasetMeta, Frame } from '@beamstack/contract';
import { binTransform, type BinOptions } from '../src/index.js';
import type { BinCase } from './reference.js';

export const binOptions = (c: Partial<BinCase> & { factor: number }): BinOptions => ({ mode: 'sum', maskAware: false, edges: 'crop', overflow: 'widen', ...c });

/** mapMeta once, then apply to one frame, as the host does (a copy: the frame is handed over). */
export function runBin(meta: DatasetMeta, pixels: Frame['pixels'] & object, c: Partial<BinCase> & { factor: number }): { output: DatasetMeta; frame: Frame } {
  const options = binOptions(c);
  const output = binTransform.mapMeta(meta, { options });
  const frame = binTransform.apply!([{ index: 3, shape: meta.shape, dtype: meta.dtype, pixels: pixels.slice() }], { options, input: meta, output, complete: true })!;
  return { output, frame };
}
