import {
  allocPixels,
  bytesPerPixel,
  pixelBytes,
  dtypeInfo,
  maskedValue,
  type DatasetMeta,
  type DType,
  type FrameShape,
  type JsonObject,
  type PixelArray,
  type SourceStage,
} from '@beamstack/contract';
import { testHostContext } from '@beamstack/testkit';

/** A realistic frame in one pixel type, as the fuzzers and benchmarks start from. */
export interface SampleFrame {
  readonly dtype: DType;
  readonly shape: FrameShape;
  readonly pixels: PixelArray;
}

/**
 * Renders frame `index` of the `simulate` source with the given options (the schema's defaults
 * fill the rest, as the host would). The source renders in workers during runs; here it runs
 * on the calling thread.
 */
export async function renderSimulated(simulate: SourceStage, options: JsonObject, index: number): Promise<{ meta: DatasetMeta; pixels: PixelArray }> {
  const full: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(simulate.options.properties)) if (schema.default !== undefined) full[name] = schema.default;
  Object.assign(full, options);
  const session = await simulate.open(full as JsonObject, testHostContext());
  if (!simulate.render) throw new Error(`source '${simulate.id}' has no render()`);
  const frame = simulate.render(index, { options: full as JsonObject, meta: session.meta });
  await session.close?.();
  if (!frame.pixels) throw new Error(`source '${simulate.id}' rendered an encoded frame`);
  return { meta: session.meta, pixels: frame.pixels };
}

/**
 * The same picture in another pixel type, the way detectors store it: counts clipped below the
 * type's mask value, masked pixels (2^32 − 1 in the uint32 source) at that type's mask value.
 */
export function convertFrame(source: Uint32Array, dtype: DType): PixelArray {
  const out = allocPixels(dtype, source.length);
  const masked = maskedValue(dtype);
  const ceiling = dtypeInfo(dtype).max - 1;
  for (let i = 0; i < source.length; i++) {
    const v = source[i]!;
    out[i] = v === 0xffffffff ? masked : Math.min(v, ceiling);
  }
  return out;
}

/** A rectangular region of a frame, copied. */
export function crop(frame: SampleFrame, top: number, left: number, shape: FrameShape): SampleFrame {
  const [height, width] = shape;
  const out = allocPixels(frame.dtype, height * width);
  const size = bytesPerPixel(frame.dtype);
  const source = pixelBytes(frame.pixels);
  const target = pixelBytes(out);
  for (let y = 0; y < height; y++) {
    const from = ((top + y) * frame.shape[1] + left) * size;
    target.set(source.subarray(from, from + width * size), y * width * size);
  }
  return { dtype: frame.dtype, shape, pixels: out };
}
