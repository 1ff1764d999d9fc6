import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodecStage, DatasetMeta, Frame, HostContext, JsonObject, PixelArray, SourceSession } from '@beamstack/contract';
import bslz4 from '@beamstack/codec-bslz4';
import lz4 from '@beamstack/codec-lz4';
import { resolveSimulateOptions, simulateSource, type SimulateOptionsInput } from '@beamstack/source-simulate';
import { pythonJson, writeNpy } from '@beamstack/testkit';

const quiet = (): void => undefined;
const codecs = [...bslz4.stages, ...lz4.stages] as CodecStage[];

export function hostContext(baseDir = process.cwd()): HostContext {
  return {
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
    baseDir,
    signal: new AbortController().signal,
    codecs: {
      get: (id) => codecs.find((c) => c.id === id),
      list: () => codecs,
      fromHdf5Filters: (filters, dtype) => {
        for (const codec of codecs) {
          const params = codec.hdf5?.paramsFromFilters(filters, dtype);
          if (params) return { codec, params: params as JsonObject };
        }
        return undefined;
      },
    },
    warn: quiet,
  };
}

export interface Simulation {
  readonly meta: DatasetMeta;
  render(index: number): PixelArray;
}

/** The simulate source opened and rendered as the host would, without the host. */
export async function simulation(input: SimulateOptionsInput): Promise<Simulation> {
  const options = resolveSimulateOptions(input);
  const session = await simulateSource.open(options, hostContext());
  return { meta: session.meta, render: (index) => simulateSource.render!(index, { options, meta: session.meta }).pixels! };
}

/** Pixels of a frame from a source that hands out encoded chunks (the real codec plugins decode). */
export function decodedPixels(frame: Frame): PixelArray {
  if (frame.pixels) return frame.pixels;
  const codec = codecs.find((c) => c.id === frame.encoded!.codec)!;
  return codec.decode(frame.encoded!.bytes, { shape: frame.shape, dtype: frame.dtype }, { options: frame.encoded!.params });
}

export async function readFrames(session: SourceSession): Promise<Frame[]> {
  const frames: Frame[] = [];
  for (let i = 0; i < session.meta.frameCount; i++) frames.push(await session.read!(i));
  return frames;
}

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'beamstack-roi-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
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
