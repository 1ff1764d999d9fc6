import 'reflect-metadata';
import type { Logger } from '@beamstack/contract';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { StreamLogger, type LogLevel } from '../log/logger.js';
import { PipelineRunner } from '../pipeline/runner.js';
import { FramePool } from '../pool/frame-pool.js';
import { silentProgress, TerminalProgress, type ProgressFactory } from '../progress/progress.js';
import { systemClock, type Clock } from '../util/clock.js';
import { InMemoryMetrics, TOKENS, type MetricsSink } from './tokens.js';

export interface HostServices {
  /** Worker threads; default: the number of cores. */
  readonly workers?: number;
  readonly logger?: Logger;
  readonly logLevel?: LogLevel;
  readonly clock?: Clock;
  /** Draw a progress bar when stderr is a terminal (default false: library use stays quiet). */
  readonly progress?: boolean | ProgressFactory;
  readonly metrics?: MetricsSink;
}

/**
 * The composition root: the only place that decides which logger, clock, pool, progress display
 * and metrics sink the runner gets. Each call makes a child container, so several hosts (tests,
 * embedding programs) never share state. Plugins take no part in DI and need no decorators.
 */
export function createContainer(services: HostServices = {}): DependencyContainer {
  const c = rootContainer.createChildContainer();
  const progress = services.progress === true ? new TerminalProgress() : services.progress || silentProgress;
  c.registerInstance(TOKENS.Logger, services.logger ?? new StreamLogger(services.logLevel ?? 'warn'));
  c.registerInstance(TOKENS.Clock, services.clock ?? systemClock);
  c.registerInstance(TOKENS.Pool, new FramePool({ ...(services.workers !== undefined ? { workers: services.workers } : {}) }));
  c.registerInstance(TOKENS.Progress, progress);
  c.registerInstance(TOKENS.Metrics, services.metrics ?? new InMemoryMetrics());
  c.registerSingleton(PipelineRunner);
  return c;
}
