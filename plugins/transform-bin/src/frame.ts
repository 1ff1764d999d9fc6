import { BeamstackError, ErrorCodes, pixelCount, type DatasetMeta, type Frame, type PixelArray } from '@beamstack/contract';

/** A frame's pixels, checked against the input description (anything else would be binned as garbage). */
export function framePixels(frame: Frame, input: DatasetMeta): PixelArray {
  const [h, w] = input.shape;
  const pixels = frame.pixels;
  if (!pixels || frame.dtype !== input.dtype || frame.shape[0] !== h || frame.shape[1] !== w || pixels.length !== pixelCount(input.shape)) {
    throw new BeamstackError(
      ErrorCodes.INPUT,
      `bin expects ${h}x${w} ${input.dtype} pixels; frame ${frame.index} is ${frame.shape[0]}x${frame.shape[1]} ${frame.dtype}${pixels ? '' : ' without pixels'}`,
      { stage: 'bin', frame: frame.index },
    );
  }
  return pixels;
}
