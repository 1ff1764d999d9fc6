/** A run of consecutive series frames stored in one dataset (or nowhere). */
export interface FramePart {
  /** Series index of the part's first frame. */
  readonly firstFrame: number;
  readonly frames: number;
  /** Absolute path of the file holding the frames. */
  readonly file: string;
  readonly dataset: string;
  /** Index of the part's first frame inside `dataset`. */
  readonly sourceFirstFrame: number;
  /**
   * 'data': readable; 'missing-file': the file is absent (reading a frame is an INPUT error);
   * 'gap': frames a virtual dataset maps to no source (they read as the fill value).
   */
  readonly kind: 'data' | 'missing-file' | 'gap';
  /** The master's link that led here, e.g. /entry/data/data_000002 (for messages). */
  readonly via: string;
}

/** The part holding series frame `index` (parts sorted by firstFrame, contiguous). */
export function partOf(parts: readonly FramePart[], index: number): FramePart | undefined {
  let lo = 0;
  let hi = parts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = parts[mid]!;
    if (index < p.firstFrame) hi = mid - 1;
    else if (index >= p.firstFrame + p.frames) lo = mid + 1;
    else return p;
  }
  return undefined;
}
