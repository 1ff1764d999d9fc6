import { formatError } from '@beamstack/contract';
import { BeamstackHost } from '../host.js';
import type { PreparedStack } from '../pipeline/runner.js';
import type { RunSummary } from '../pipeline/summary.js';
import { formatSummary } from '../pipeline/summary.js';
import type { CommandIO } from './command.js';

export interface CliRunOptions {
  readonly workers?: number | undefined;
  readonly json: boolean;
  readonly checksums?: boolean;
}

/**
 * A host for one CLI command: progress on a terminal, Ctrl-C / SIGTERM cancel the run in
 * progress (the writer then removes its temporary files). `use` may run several stacks.
 */
export async function withCliHost<T>(
  prepared: PreparedStack,
  options: CliRunOptions,
  io: CommandIO,
  use: (run: (p: PreparedStack, outDir: string) => Promise<RunSummary>) => Promise<T>,
): Promise<T> {
  const workers = options.workers ?? prepared.stack.file.workers ?? undefined;
  const host = new BeamstackHost({ ...(workers !== undefined ? { workers } : {}), progress: !options.json && io.stderrIsTTY });
  const controller = new AbortController();
  const cancel = (): void => controller.abort();
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  try {
    return await use((p, outDir) => host.run(p, { outDir, signal: controller.signal, checksumInputs: options.checksums ?? true }));
  } finally {
    process.off('SIGINT', cancel);
    process.off('SIGTERM', cancel);
    await host.close();
  }
}

/** Prints a run's summary (text or JSON) and its error; returns the exit code. */
export function report(summary: RunSummary, json: boolean, io: CommandIO): number {
  io.out(json ? JSON.stringify(summary) : formatSummary(summary));
  if (summary.error && !json) io.err(`error: ${formatError(summary.error)}`);
  return summary.ok ? 0 : 1;
}

/** Runs a prepared stack the way every CLI command does: progress, Ctrl-C, summary, exit code. */
export async function runPrepared(prepared: PreparedStack, outDir: string, options: CliRunOptions, io: CommandIO): Promise<number> {
  const summary = await withCliHost(prepared, options, io, (run) => run(prepared, outDir));
  return report(summary, options.json, io);
}
