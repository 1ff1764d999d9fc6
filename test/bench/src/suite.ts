import type { Reporter } from './report.js';

export interface SuiteOptions {
  /** Frames per case (smaller = quicker, noisier). */
  readonly frames?: number;
}

export type Suite = (report: Reporter, options: SuiteOptions) => Promise<void>;
