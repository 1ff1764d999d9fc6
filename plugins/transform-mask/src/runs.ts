import type { PixelArray } from '@beamstack/contract';

/**
 * The masked pixels as runs [start, end) of consecutive indices, flattened: gaps are whole rows
 * and long columns, so filling runs is a few memsets where a per-pixel loop would test every
 * pixel of every frame.
 */
export function maskRuns(mask: Uint32Array): Uint32Array {
  let count = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0 && (i === 0 || mask[i - 1] === 0)) count++;
  const runs = new Uint32Array(count * 2);
  let k = 0;
  let i = 0;
  while (i < mask.length) {
    if (mask[i] === 0) {
      i++;
      continue;
    }
    const start = i;
    while (i < mask.length && mask[i] !== 0) i++;
    runs[k++] = start;
    runs[k++] = i;
  }
  return runs;
}

// apply() sees the same deserialized mask on every frame of a run in a worker: find its runs once.
const cache = new WeakMap<Uint32Array, Uint32Array>();

export function cachedMaskRuns(mask: Uint32Array): Uint32Array {
  let runs = cache.get(mask);
  if (!runs) {
    runs = maskRuns(mask);
    cache.set(mask, runs);
  }
  return runs;
}

/** Runs shorter than this are written by a loop: TypedArray.fill costs ~20 ns per call. */
const SHORT_RUN = 32;

/**
 * Writes `value` into every run. Isolated pixels (a user mask, defects) are many short runs,
 * gaps few long ones: loop the short, fill the long (measured on a 4M frame with a 1 % user
 * mask, 41 k runs: 0.26 ms instead of 0.9 ms with fill alone).
 */
export function fillRuns(target: PixelArray, runs: Uint32Array, value: number): void {
  for (let k = 0; k < runs.length; k += 2) {
    const start = runs[k]!;
    const end = runs[k + 1]!;
    if (end - start < SHORT_RUN) {
      for (let i = start; i < end; i++) target[i] = value;
    } else {
      target.fill(value, start, end);
    }
  }
}
