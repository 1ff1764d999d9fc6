import { type CodecStage, type DType, type FrameInfo, type FrameShape, type JsonObject, type PixelArray, type SourceStage } from '@beamstack/contract';
import { SeededRandom, defaultParams, paramVariants } from '@beamstack/testkit';
import { convertFrame, crop, renderSimulated, type SampleFrame } from './frames.js';

/** A valid chunk the fuzzer starts from, and what it decodes to. */
export interface SeedChunk {
  readonly info: FrameInfo;
  readonly params: JsonObject;
  readonly bytes: Uint8Array;
  /** How often this chunk is picked, relative to the others (small chunks decode faster). */
  readonly weight: number;
  readonly label: string;
}

export interface FuzzCorpus {
  readonly codec: string;
  /** The pixel types the codec declares (hostile frame descriptions stay within them). */
  readonly dtypes: readonly DType[];
  readonly chunks: readonly SeedChunk[];
}

/** Crop shapes (small, odd, multi-block) with their pick weights; the full 256x256 frame is rare. */
export const CORPUS_SHAPES: readonly { shape: FrameShape; weight: number }[] = [
  { shape: [8, 8], weight: 3 },
  { shape: [13, 17], weight: 3 },
  { shape: [31, 33], weight: 3 },
  { shape: [64, 64], weight: 2 },
  { shape: [100, 131], weight: 1 },
  { shape: [256, 256], weight: 0.25 },
];

/**
 * Realistic frames in every pixel type: frame `index` of the simulated 256x256 'small' detector
 * (gap cross, masked pixels, spots at 60 mm), in uint32 and uint16 as rendered and converted to
 * the other types.
 */
export async function sampleFrames(simulate: SourceStage, index = 2): Promise<Map<DType, SampleFrame>> {
  const base = { detector: 'small', frames: Math.max(3, index + 1), seed: 11, distance: 0.06 };
  const wide = await renderSimulated(simulate, { ...base, dtype: 'uint32' }, index);
  const narrow = await renderSimulated(simulate, { ...base, dtype: 'uint16' }, index);
  const shape = wide.meta.shape;
  const frames = new Map<DType, SampleFrame>();
  frames.set('uint32', { dtype: 'uint32', shape, pixels: wide.pixels });
  frames.set('uint16', { dtype: 'uint16', shape, pixels: narrow.pixels });
  for (const dtype of ['uint8', 'int8', 'int16', 'int32'] as const) {
    frames.set(dtype, { dtype, shape, pixels: convertFrame(wide.pixels as Uint32Array, dtype) });
  }
  return frames;
}

/** The option sets a codec is fuzzed with: its defaults and one variant per boolean/enum/small-range option. */
export function fuzzParams(codec: CodecStage): JsonObject[] {
  const defaults = defaultParams(codec.options);
  if (defaults === null) throw new Error(`codec '${codec.id}' has a required option without a default`);
  return [defaults, ...paramVariants(codec.options, defaults)];
}

/** Valid chunks for every declared dtype × crop shape × option set, encoded by the codec itself. */
export function buildCorpus(codec: CodecStage, frames: ReadonlyMap<DType, SampleFrame>, seed: number): FuzzCorpus {
  const rng = new SeededRandom(seed);
  const chunks: SeedChunk[] = [];
  const paramSets = fuzzParams(codec);
  for (const dtype of codec.dtypes) {
    const frame = frames.get(dtype);
    if (!frame) continue;
    for (const { shape, weight } of CORPUS_SHAPES) {
      const top = rng.int(frame.shape[0] - shape[0] + 1);
      const left = rng.int(frame.shape[1] - shape[1] + 1);
      const region = crop(frame, top, left, shape);
      paramSets.forEach((params, k) => {
        const info: FrameInfo = { shape, dtype };
        const bytes = encodeOrThrow(codec, region.pixels, info, params);
        chunks.push({ info, params, bytes, weight: k === 0 ? weight : weight / paramSets.length, label: `${dtype} ${shape[0]}x${shape[1]} at (${top},${left}) params ${JSON.stringify(params)}` });
      });
    }
  }
  if (chunks.length === 0) throw new Error(`codec '${codec.id}' declares no dtype the fuzzer has frames for`);
  return { codec: codec.id, dtypes: [...codec.dtypes], chunks };
}

function encodeOrThrow(codec: CodecStage, pixels: PixelArray, info: FrameInfo, params: JsonObject): Uint8Array {
  const bytes = codec.encode(pixels, info, { options: params });
  // Own the bytes: the corpus outlives any scratch memory the codec might reuse.
  return bytes.slice();
}
