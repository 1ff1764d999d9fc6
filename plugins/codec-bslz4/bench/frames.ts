import type { PixelArray } from '@beamstack/contract';
import simulate from '@beamstack/source-simulate';
import { synthFrame as synthBaselineFrame } from '@beamstack/testkit/bench';
import { eigerLikeFrame } from '@beamstack/testkit/data';

/** A named realistic test frame. */
export interface BenchFrame {
  readonly name: string;
  readonly shape: readonly [number, number];
  readonly pixels: PixelArray;
}

export const SHAPE_4M = [2167, 2070] as const;
export const SHAPE_16M = [4371, 4150] as const;

/** The exact BASELINES.md frame (oracle/synth.py, seed 7, frame 5), or null without python + numpy. */
export function synthFrame(shape: readonly [number, number]): BenchFrame | null {
  const pixels = synthBaselineFrame(shape);
  return pixels && { name: `synth.py ${shape.join('x')} (BASELINES frame)`, shape, pixels };
}

/** Frame 5 of the simulate source (the default dataset of `pnpm start`). */
export async function simulatedFrame(detector: 'eiger-4m' | 'eiger-16m', dtype: 'uint32' | 'uint16' = 'uint32'): Promise<BenchFrame> {
  const stage = simulate.stages[0]!;
  if (stage.kind !== 'source' || stage.render === undefined) throw new Error('simulate source has no render()');
  const options = { detector, dtype, frames: 10 };
  const { meta } = await stage.open(options as never, { warn: () => undefined } as never);
  const frame = stage.render(5, { options: options as never, meta });
  return { name: `simulate ${detector} ${dtype}`, shape: [frame.shape[0], frame.shape[1]], pixels: frame.pixels! };
}

export function testDataFrame(): BenchFrame {
  return { name: 'testkit eigerLikeFrame 4M', shape: SHAPE_4M, pixels: eigerLikeFrame() };
}
