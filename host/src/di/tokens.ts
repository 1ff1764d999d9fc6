import type { Logger } from '@beamstack/contract';
import type { InjectionToken } from 'tsyringe';
import type { RunSummary } from '../pipeline/summary.js';
import type { FramePool } from '../pool/frame-pool.js';
import type { ProgressFactory } from '../progress/progress.js';
import type { Clock } from '../util/clock.js';

/** Receives every finished run's summary (a place to hang Prometheus or a database later). */
export interface MetricsSink {
  recordRun(summary: RunSummary): void;
}

/** Explicit tokens, so injection never depends on a transformer emitting decorator metadata. */
export const TOKENS = {
  Logger: Symbol('beamstack.Logger') as InjectionToken<Logger>,
  Clock: Symbol('beamstack.Clock') as InjectionToken<Clock>,
  Pool: Symbol('beamstack.FramePool') as InjectionToken<FramePool>,
  Progress: Symbol('beamstack.Progress') as InjectionToken<ProgressFactory>,
  Metrics: Symbol('beamstack.Metrics') as InjectionToken<MetricsSink>,
} as const;

export class InMemoryMetrics implements MetricsSink {
  readonly runs: RunSummary[] = [];
  recordRun(summary: RunSummary): void {
    this.runs.push(summary);
  }
}
