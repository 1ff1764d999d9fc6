import { join } from 'node:path';
import type { CodecStage, PixelArray } from '@beamstack/contract';
import bslz4 from '@beamstack/codec-bslz4';
import lz4 from '@beamstack/codec-lz4';
import { resolveSimulateOptions, simulateSource, type SimulateOptionsInput } from '@beamstack/source-simulate';
import { openRendered, pythonJson, writeNpy, type RenderedSource } from '@beamstack/testkit';

/** The real bslz4 and lz4 codecs, to open and decode the DECTRIS files. */
export const CODECS = [...bslz4.stages, ...lz4.stages] as CodecStage[];

/** The simulate source opened and rendered as the host would, without the host. */
export function simulation(input: SimulateOptionsInput): Promise<RenderedSource> {
  return openRendered(simulateSource, resolveSimulateOptions(input));
}

/**
 * numpy's own crop (a slice) of `input` compared with `ours`: the independent reference. Both go
 * through .npy files; the answer is the number of differing pixels and numpy's output shape.
 */
export function numpyCropDiffers(dir: string, name: string, input: PixelArray, inShape: readonly [number, number], rect: readonly [number, number, number, number], ours: PixelArray, outShape: readonly [number, number]): { differ: number; shape: number[]; dtypeSame: boolean } {
  const dtype = input instanceof Uint16Array ? 'uint16' : input instanceof Uint32Array ? 'uint32' : input instanceof Uint8Array ? 'uint8' : 'int32';
  const inPath = join(dir, `${name}-in.npy`);
  const outPath = join(dir, `${name}-out.npy`);
  writeNpy(inPath, dtype, inShape, [input]);
  writeNpy(outPath, dtype, outShape, [ours]);
  return pythonJson(
    `
import sys, json, numpy as np
a = np.load(sys.argv[1]); ours = np.load(sys.argv[2])
x, y, w, h = (int(v) for v in sys.argv[3:7])
ref = a[y:y + h, x:x + w]
same_shape = ref.shape == ours.shape
print(json.dumps({'differ': int(np.count_nonzero(ref != ours)) if same_shape else -1, 'shape': list(ref.shape), 'dtypeSame': ref.dtype == ours.dtype}))
`,
    [inPath, outPath, ...rect.map(String)],
  );
}
