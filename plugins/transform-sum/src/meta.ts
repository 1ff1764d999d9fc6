import { BeamstackError, ErrorCodes, frameAngle, type DatasetMeta, type ScanMeta } from '@beamstack/contract';
import { COUNT_CEILING, countBits, countDType, countPlan, untrustedFrom, type CountPlan } from './counts.js';
import { ANGLE_TOLERANCE, windowSize, type SumOptions } from './options.js';

/** Everything the sum decides from the input description and the options. */
export interface SumPlan {
  /** Frames per output frame (N). */
  readonly n: number;
  readonly count: CountPlan;
  /** Output frames: floor(frames / N) with partial 'drop', ceil with 'keep'. */
  readonly frameCount: number;
}

export function planSum(meta: DatasetMeta, options: SumOptions): SumPlan {
  const input = countDType(meta, 'sum');
  const n = windowSize(meta, options);
  const untrusted = untrustedFrom(meta, 'sum');
  const count = countPlan(input, untrusted, n, options.overflow);
  if (!count) {
    throw new BeamstackError(
      ErrorCodes.OPTIONS,
      `summing ${n} frames with saturation ${untrusted} needs counts up to ${n * untrusted}, more than uint32 holds for readers (${COUNT_CEILING.uint32}: dxtbx reads uint32 as int32); sum fewer frames, or use overflow: 'clip' to cap sums at ${COUNT_CEILING.uint32} (read as saturated)`,
      { option: 'overflow', stage: 'sum' },
    );
  }
  const frameCount = options.partial === 'keep' ? Math.ceil(meta.frameCount / n) : Math.floor(meta.frameCount / n);
  return { n, count, frameCount };
}

/**
 * The description of the summed series: N times the exposure and oscillation per frame, the
 * scan starting at each window's first frame, the summed saturation value and pixel type. The
 * pixel mask is unchanged (same pixels); a pixel masked in any frame is masked in the sum.
 */
export function mapSumMeta(meta: DatasetMeta, options: SumOptions): DatasetMeta {
  const plan = planSum(meta, options);
  const { n, count } = plan;
  const d = meta.detector;
  const nframesSum = meta.extras['nframes_sum'];
  return {
    ...meta,
    frameCount: plan.frameCount,
    dtype: count.dtype,
    detector: {
      ...d,
      countTime_s: d.countTime_s * n,
      frameTime_s: d.frameTime_s * n,
      saturationValue: count.saturation,
      bitDepthImage: countBits(count.dtype),
    },
    scan: summedScan(meta, n, plan.frameCount),
    // DECTRIS' own field for "frames summed into each image" (the detector can sum internally).
    extras: { ...meta.extras, nframes_sum: (typeof nframesSum === 'number' && nframesSum >= 1 ? nframesSum : 1) * n },
  };
}

/**
 * Output frame k spans the input frames kN … kN + N − 1: it starts at frame kN's angle and is N
 * increments wide. Summing frames that are not contiguous in angle (a strided selection before
 * the sum) would describe a rotation that never happened, so it is refused.
 */
function summedScan(meta: DatasetMeta, n: number, frameCount: number): ScanMeta {
  const scan = meta.scan;
  const increment = scan.increment_deg;
  const wide = { ...scan, start_deg: frameAngle(scan, 0), increment_deg: increment * n };
  if (scan.angles_deg === null) return { ...wide, angles_deg: null };
  const tolerance = Math.max(Math.abs(increment) * 1e-3, ANGLE_TOLERANCE);
  const starts: number[] = [];
  let regular = true;
  for (let k = 0; k < frameCount; k++) {
    const first = frameAngle(scan, k * n);
    const last = Math.min(k * n + n, meta.frameCount);
    for (let i = k * n + 1; i < last; i++) {
      const gap = frameAngle(scan, i) - first - (i - k * n) * increment;
      if (Math.abs(gap) > tolerance) {
        throw new BeamstackError(
          ErrorCodes.INPUT,
          `input frames ${k * n}…${last - 1} are not one continuous rotation (frame ${i} starts at ${frameAngle(scan, i)}°, expected ${first + (i - k * n) * increment}°): summing them would describe a rotation that never happened; select contiguous runs of whole windows before summing`,
          { stage: 'sum', frame: i },
        );
      }
    }
    starts.push(first);
    if (Math.abs(first - (wide.start_deg + k * wide.increment_deg)) > tolerance) regular = false;
  }
  return { ...wide, angles_deg: regular ? null : starts };
}
