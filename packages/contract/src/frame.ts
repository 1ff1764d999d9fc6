import type { DType, PixelArray } from './dtype.js';
import type { JsonObject } from './json.js';

/** Frame dimensions in slow→fast order, as NeXus `data_size` and HDF5 shapes are given. */
export type FrameShape = readonly [height: number, width: number];

/**
 * A frame stored in a codec's form. `params` are the codec options used to produce `bytes`; with
 * them any process holding the codec can decode the chunk (they travel between threads as JSON).
 */
export interface EncodedChunk {
  readonly codec: string;
  readonly params: JsonObject;
  readonly bytes: Uint8Array;
}

/**
 * One detector image. Exactly one of `pixels` and `encoded` is set: the host inserts decode or
 * encode steps only where the next stage needs the other form, so compressed data stay
 * compressed through stages that do not look at pixels.
 */
export interface Frame {
  /** 0-based position in the series produced by the stage that emitted this frame. */
  readonly index: number;
  readonly shape: FrameShape;
  readonly dtype: DType;
  readonly pixels?: PixelArray;
  readonly encoded?: EncodedChunk;
  /**
   * Optional per-frame side data a stage wants a later stage to see (e.g. a checksum computed in
   * a worker). JSON only; never pixels.
   */
  readonly annotations?: JsonObject;
}

/** The shape and type of a frame without its data. */
export interface FrameInfo {
  readonly shape: FrameShape;
  readonly dtype: DType;
}

export function pixelCount(shape: FrameShape): number {
  return shape[0] * shape[1];
}
