import { BeamstackError, ErrorCodes, pixelCount, type DatasetMeta, type Frame, type PixelArray } from '@beamstack/contract';

/**
 * The pixels of a window's frames, checked against the input description: a frame of another
 * shape or type, or without pixels, would otherwise be summed as garbage.
 */
export function countPixels(frames: readonly Frame[], input: DatasetMeta, most: number, stage: string): PixelArray[] {
  if (frames.length === 0 || frames.length > most) {
    throw new BeamstackError(ErrorCodes.INTERNAL, `${stage} received a window of ${frames.length} frames; it takes 1 to ${most}`, { stage });
  }
  const [h, w] = input.shape;
  return frames.map((frame) => {
    const pixels = frame.pixels;
    if (!pixels || frame.dtype !== input.dtype || frame.shape[0] !== h || frame.shape[1] !== w || pixels.length !== pixelCount(input.shape)) {
      throw new BeamstackError(
        ErrorCodes.INPUT,
        `${stage} expects ${h}x${w} ${input.dtype} pixels; frame ${frame.index} is ${frame.shape[0]}x${frame.shape[1]} ${frame.dtype}${pixels ? '' : ' without pixels'}`,
        { stage, frame: frame.index },
      );
    }
    return pixels;
  });
}
