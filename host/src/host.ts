import { join } from 'node:path';
import type { DependencyContainer } from 'tsyringe';
import { createContainer, type HostServices } from './di/container.js';
import { TOKENS } from './di/tokens.js';
import { PipelineRunner, type PreparedStack, type RunOptions } from './pipeline/runner.js';
import type { RunSummary } from './pipeline/summary.js';
import { HOST_ROOT, prepareStack, type PluginSearch } from './stack/prepare.js';
import { readStackFile, type StackFile } from './stack/stack-file.js';

/** The embedded default stack: simulated Eiger 4M → bslz4 → NXmx. */
export const DEFAULT_STACK_PATH = join(HOST_ROOT, 'stacks', 'default.yaml');
/** Built-in stacks a beamline copies and edits (`beamstack init NAME`). */
export const PRESET_STACKS = { beamline: join(HOST_ROOT, 'stacks', 'beamline.yaml'), export: join(HOST_ROOT, 'stacks', 'export.yaml') } as const;

/**
 * The host as a library: prepare stacks and run them on one worker pool. The CLI is a thin layer
 * over this; programs that embed beamstack use it directly.
 */
export class BeamstackHost {
  readonly container: DependencyContainer;

  constructor(services: HostServices = {}) {
    this.container = createContainer(services);
  }

  get workers(): number {
    return this.container.resolve(TOKENS.Pool).workers;
  }

  async prepare(stack: string | StackFile, search: PluginSearch = {}): Promise<PreparedStack> {
    const file = typeof stack === 'string' ? await readStackFile(stack) : stack;
    return prepareStack(file, search);
  }

  run(prepared: PreparedStack, options: RunOptions): Promise<RunSummary> {
    return this.container.resolve(PipelineRunner).run(prepared, options);
  }

  /** Stops the worker threads. */
  async close(): Promise<void> {
    await this.container.resolve(TOKENS.Pool).destroy();
  }
}
