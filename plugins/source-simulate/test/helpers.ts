import type { DatasetMeta, Frame, PixelArray } from '@beamstack/contract';
import { testHostContext } from '@beamstack/testkit';
import { resolveSimulateOptions, simulateSource } from '../src/index.js';
import type { SimulateOptions, SimulateOptionsInput } from '../src/index.js';

export interface Opened {
  readonly options: SimulateOptions;
  readonly meta: DatasetMeta;
  render(index: number): Frame;
}

/** Opens the stage as the host would (validated options) and renders through its `render` hook. */
export async function openSimulation(input: SimulateOptionsInput = {}): Promise<Opened> {
  const options = resolveSimulateOptions(input);
  const session = await simulateSource.open(options, testHostContext());
  const meta = session.meta;
  return {
    options,
    meta,
    render: (index) => simulateSource.render!(index, { options, meta }),
  };
}

export function pixelsOf(frame: Frame): PixelArray {
  if (!frame.pixels) throw new Error(`frame ${frame.index} has no pixels`);
  return frame.pixels;
}

/** Mean of the unmasked pixels whose centre lies in the annulus [r0, r1) around the beam, below `cap`. */
export function annulusMean(meta: DatasetMeta, pixels: PixelArray, r0: number, r1: number, cap: number): number {
  const [height, width] = meta.shape;
  const [bx, by] = meta.detector.beamCenter_px;
  const mask = meta.detector.pixelMask!;
  let sum = 0;
  let count = 0;
  for (let row = Math.max(0, Math.floor(by - r1)); row < Math.min(height, Math.ceil(by + r1)); row++) {
    for (let col = Math.max(0, Math.floor(bx - r1)); col < Math.min(width, Math.ceil(bx + r1)); col++) {
      const r = Math.hypot(col + 0.5 - bx, row + 0.5 - by);
      const index = row * width + col;
      if (r < r0 || r >= r1 || mask[index] !== 0 || pixels[index]! >= cap) continue;
      sum += pixels[index]!;
      count++;
    }
  }
  return sum / count;
}
