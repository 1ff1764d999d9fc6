import type { DatasetMeta, PixelArray } from '@beamstack/contract';
import { resolveSimulateOptions, simulateSource, type SimulateOptionsInput } from '@beamstack/source-simulate';
import { openRendered } from '@beamstack/testkit';

export interface Series {
  readonly meta: DatasetMeta;
  readonly frames: PixelArray[];
}

/** Frames of the simulate source rendered directly (no host), as the reference sees them. */
export async function simulated(input: SimulateOptionsInput): Promise<Series> {
  const { meta, render } = await openRendered(simulateSource, resolveSimulateOptions(input));
  return { meta, frames: Array.from({ length: meta.frameCount }, (_, i) => render(i)) };
}

/**
 * Puts the cases the rules are about into real frames, deterministically: counts just below, at
 * and above saturation, the marker in single frames (a pixel the detector lost once), uint32
 * counts at and above 2^31, and bright trusted counts whose sums reach the clip ceiling.
 */
export function injectHardCases(series: Series, seed = 7): Series {
  const { meta } = series;
  const bits = meta.dtype === 'uint8' ? 8 : meta.dtype === 'uint16' ? 16 : 32;
  const marker = 2 ** bits - 1;
  const sat = Math.ceil(meta.detector.saturationValue);
  let state = seed >>> 0;
  const random = (n: number): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
  const values = [sat - 1, sat, sat + 1, marker, marker - 1, Math.floor(sat / 2) + 1, Math.floor(sat / 3), Math.floor(sat / 5)];
  if (bits === 32) values.push(2 ** 31, 2 ** 31 - 1, 2 ** 32 - 2);
  const frames = series.frames.map((f) => {
    const copy = f.slice();
    for (let k = 0; k < Math.max(20, copy.length >> 9); k++) copy[random(copy.length)] = values[random(values.length)]!;
    return copy;
  });
  // The same pixels bright in every frame: sums that reach the ceilings of narrower types, also
  // from counts that are each well below saturation (half, a third, a quarter of it).
  for (const value of [sat - 1, Math.floor(sat / 2), Math.floor(sat / 3) + 1, Math.floor(sat / 4) + 1]) {
    const pixel = random(frames[0]!.length);
    for (const f of frames) f[pixel] = value;
  }
  return { meta, frames };
}
