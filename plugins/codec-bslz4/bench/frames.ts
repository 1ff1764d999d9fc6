import { spawnSync } from 'node:child_process';
import type { PixelArray } from '@beamstack/contract';
import simulate from '@beamstack/source-simulate';
import { eigerLikeFrame } from '../test/data.js';

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
  const script = `import sys; sys.path.insert(0, '/work/shared/oracle')
from synth import Scene
sys.stdout.buffer.write(Scene(${shape[0]}, ${shape[1]}, 10, bits=32, seed=7).frame(5).astype('<u4').tobytes())`;
  const run = spawnSync('/usr/bin/python3', ['-c', script], { maxBuffer: 256 << 20 });
  if (run.status !== 0) return null;
  const bytes = new Uint8Array(run.stdout.length);
  bytes.set(run.stdout);
  return { name: `synth.py ${shape.join('x')} (BASELINES frame)`, shape, pixels: new Uint32Array(bytes.buffer) };
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
  return { name: 'test/data.ts eigerLikeFrame 4M', shape: SHAPE_4M, pixels: eigerLikeFrame() };
}
