import { BeamstackError, ErrorCodes, bytesPerPixel, pixelCount, type DatasetMeta, type InferOptions } from '@beamstack/contract';

export const sumOptionsSchema = {
  type: 'object',
  properties: {
    frames: { type: 'integer', minimum: 2, maximum: 1_000_000, description: 'frames summed into one (N >= 2); give this or width' },
    width: {
      type: 'number',
      exclusiveMinimum: 0,
      description: 'target oscillation width per output frame in degrees; N = width / increment must be a whole number >= 2',
    },
    overflow: {
      type: 'string',
      enum: ['widen', 'clip'],
      default: 'widen',
      description: "'widen': a wider pixel type when N × saturation does not fit (refused when not even uint32 can hold it); 'clip': keep the type, sums reaching its ceiling read as saturated",
    },
    partial: {
      type: 'string',
      enum: ['drop', 'keep'],
      default: 'drop',
      description: "a short last window (fewer than N frames): 'drop' it (counted as dropped), or 'keep' it as a frame summed from fewer frames",
    },
  },
} as const;

export type SumOptions = InferOptions<typeof sumOptionsSchema>;

/** A whole window sits in one worker's memory: bound it so a typo cannot ask for 100 GB. */
export const MAX_WINDOW_BYTES = 2 * 1024 ** 3;

/** Relative tolerance for "a whole number of frames" and "contiguous in angle". */
const ANGLE_TOLERANCE = 1e-6;

function optionError(option: string, message: string): BeamstackError {
  return new BeamstackError(ErrorCodes.OPTIONS, message, { option, stage: 'sum' });
}

/** N, the frames per output frame, from `frames` or `width`, checked against the dataset. */
export function windowSize(meta: DatasetMeta, options: SumOptions): number {
  const { frames, width } = options;
  if (frames !== undefined && width !== undefined) {
    throw optionError('width', `give frames or width, not both (frames: ${frames}, width: ${width}°)`);
  }
  let n: number;
  let option: string;
  if (frames !== undefined) {
    if (!Number.isInteger(frames) || frames < 2) throw optionError('frames', `frames must be an integer >= 2 (got ${frames})`);
    n = frames;
    option = 'frames';
  } else if (width !== undefined) {
    n = framesForWidth(meta, width);
    option = 'width';
  } else {
    throw optionError('frames', 'say how many frames to sum: frames (N >= 2) or width (degrees per output frame)');
  }
  const frameBytes = pixelCount(meta.shape) * bytesPerPixel(meta.dtype);
  if (n * frameBytes > MAX_WINDOW_BYTES) {
    throw optionError(
      option,
      `a window of ${n} frames of ${meta.shape[0]}x${meta.shape[1]} ${meta.dtype} is ${(n * frameBytes / 1e9).toFixed(1)} GB; the host holds a whole window in one worker (limit ${MAX_WINDOW_BYTES / 1024 ** 3} GiB)`,
    );
  }
  if (n > meta.frameCount && options.partial !== 'keep') {
    throw optionError(
      option,
      `summing ${n} frames per output frame needs at least ${n} input frames; the series has ${meta.frameCount} (partial: 'keep' would sum them into one short frame)`,
    );
  }
  return n;
}

function framesForWidth(meta: DatasetMeta, width: number): number {
  const increment = meta.scan.increment_deg;
  if (!Number.isFinite(width) || width <= 0) throw optionError('width', `width must be a number of degrees > 0 (got ${width})`);
  if (!(Math.abs(increment) > 0)) {
    throw optionError('width', `width needs a rotation scan, but the input's oscillation per frame is ${increment}°; give frames instead`);
  }
  const exact = width / Math.abs(increment);
  const n = Math.round(exact);
  if (Math.abs(exact - n) > ANGLE_TOLERANCE * Math.max(1, n)) {
    throw optionError('width', `width ${width}° is not a whole number of ${Math.abs(increment)}° frames (${+exact.toFixed(6)} frames)`);
  }
  if (n < 2) throw optionError('width', `width ${width}° is ${n} frame(s) of ${Math.abs(increment)}°; summing needs at least 2`);
  return n;
}

export { ANGLE_TOLERANCE };
