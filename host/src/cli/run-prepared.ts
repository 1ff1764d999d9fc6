import { formatError } from '@beamstack/contract';
import { BeamstackHost } from '../host.js';
import type { PreparedStack } from '../pipeline/runner.js';
import { formatSummary } from '../pipeline/summary.js';
import type { CommandIO } from './command.js';

/** Runs a prepared stack the way every CLI command does: progress, Ctrl-C, summary, exit code. */
export async function runPrepared(prepared: PreparedStack, outDir: string, options: { workers?: number | undefined; json: boolean; checksums?: boolean }, io: CommandIO): Promise<number> {
  const workers = options.workers ?? prepared.stack.file.workers ?? undefined;
  const host = new BeamstackHost({ ...(workers !== undefined ? { workers } : {}), progress: !options.json && io.stderrIsTTY });
  const controller = new AbortController();
  const cancel = (): void => controller.abort();
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  try {
    const summary = await host.run(prepared, { outDir, signal: controller.signal, checksumInputs: options.checksums ?? true });
    io.out(options.json ? JSON.stringify(summary) : formatSummary(summary));
    if (summary.error && !options.json) io.err(`error: ${formatError(summary.error)}`);
    return summary.ok ? 0 : 1;
  } finally {
    process.off('SIGINT', cancel);
    process.off('SIGTERM', cancel);
    await host.close();
  }
}
