import { join } from 'node:path';
import type { CodecStage, DatasetMeta, DType, Frame, PixelArray } from '@beamstack/contract';
import bslz4 from '@beamstack/codec-bslz4';
import lz4 from '@beamstack/codec-lz4';
import { resolveSimulateOptions, simulateSource, type SimulateOptionsInput } from '@beamstack/source-simulate';
import { openRendered, pythonJson, writeNpy, type RenderedSource } from '@beamstack/testkit';
import { maskTransform } from '../src/index.js';

/** The real bslz4 and lz4 codecs, to open and decode the DECTRIS files. */
export const CODECS = [...bslz4.stages, ...lz4.stages] as CodecStage[];

/** The simulate source opened and rendered as the host would, without the host. */
export function simulation(input: SimulateOptionsInput): Promise<RenderedSource> {
  return openRendered(simulateSource, resolveSimulateOptions(input));
}

export interface MaskOptions {
  readonly file?: string;
  readonly apply: boolean;
}

/** The stage as the host runs it: mapMeta once (with the stack's folder), apply per frame. */
export function runStage(meta: DatasetMeta, options: MaskOptions, frames: readonly PixelArray[], baseDir = '/'): { outMeta: DatasetMeta; out: PixelArray[] } {
  const outMeta = maskTransform.mapMeta(meta, { options, baseDir });
  const out = frames.map((pixels, index) => {
    const frame: Frame = { index, shape: meta.shape, dtype: meta.dtype, pixels };
    return maskTransform.apply!([frame], { options, input: meta, output: outMeta, complete: true })!.pixels!;
  });
  return { outMeta, out };
}

/** A user mask of scattered pixels and one block, as numpy writes it (uint8, bool, ...). */
export function writeUserMask(path: string, shape: readonly [number, number], seed: number, npyType = 'uint8'): void {
  pythonJson(
    `
import sys, json, numpy as np
h, w, seed = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = np.random.default_rng(seed)
m = (rng.random((h, w)) < 0.01).astype(sys.argv[5])
m[h // 4:h // 4 + 7, w // 3:w // 3 + 11] = 1
np.save(sys.argv[1], m)
print(json.dumps({'masked': int(np.count_nonzero(m))}))
`,
    [path, String(shape[0]), String(shape[1]), String(seed), npyType],
  );
}

/**
 * numpy's answer for the mask stage: mask' = mask | (user != 0) << 8, frames' = where(mask' != 0,
 * 2^bits − 1, frames) when applying. Compared with ours in Python; returns the differences.
 */
export function numpyMaskDiffers(
  dir: string,
  name: string,
  dtype: DType,
  shape: readonly [number, number],
  inputMask: Uint32Array | null,
  userMaskNpy: string | null,
  frames: readonly PixelArray[],
  outFrames: readonly PixelArray[],
  outMask: Uint32Array | null,
  apply: boolean,
  bits: number,
): { frames: number; mask: number } {
  const path = (what: string): string => join(dir, `${name}-${what}.npy`);
  writeNpy(path('in'), dtype, [frames.length, ...shape], frames);
  writeNpy(path('out'), dtype, [outFrames.length, ...shape], outFrames);
  writeNpy(path('mask-in'), 'uint32', shape, [inputMask ?? new Uint32Array(shape[0] * shape[1])]);
  writeNpy(path('mask-out'), 'uint32', shape, [outMask ?? new Uint32Array(shape[0] * shape[1])]);
  return pythonJson(
    `
import sys, json, numpy as np
frames, ours, mask, ours_mask = (np.load(p) for p in sys.argv[1:5])
user, apply, bits = sys.argv[5], sys.argv[6] == '1', int(sys.argv[7])
if user != '-':
    mask = mask | ((np.load(user) != 0).astype(np.uint32) << 8)
expected = np.where(mask != 0, np.array(2 ** bits - 1).astype(frames.dtype), frames) if apply else frames
print(json.dumps({'frames': int(np.count_nonzero(expected != ours)), 'mask': int(np.count_nonzero(mask != ours_mask))}))
`,
    [path('in'), path('out'), path('mask-in'), path('mask-out'), userMaskNpy ?? '-', apply ? '1' : '0', String(bits)],
  );
}
