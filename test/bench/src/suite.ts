import type { Reporter } from './report.js';

export interface SuiteOptions {
  /** Frames per case (smaller = quicker, noisier). */
  readonly frames?: number;
  /** Timed repetitions per measurement (the median is reported). */
  readonly reps?: number;
  /** Frame sizes for per-frame suites, e.g. ['4M', '16M']. */
  readonly sizes?: readonly string[];
  /** Skip the native baselines (faster; no native_mbps / ratio columns). */
  readonly native?: boolean;
  /** Also measure on the frames the native baseline script uses (same content on both sides). */
  readonly oracleFrames?: boolean;
}

export type Suite = (report: Reporter, options: SuiteOptions) => Promise<void>;
