import { formatError, type OutputFile, type ProvenanceInput, type SerializedError } from '@beamstack/contract';
import type { StepStats } from '../pool/task.js';
import type { StatsSlot } from './plan.js';

export interface StageSummary extends StatsSlot, StepStats {}

/** What a run did, as printed after it and as `--json`. Frames in = out (as sources) + dropped. */
export interface RunSummary {
  readonly ok: boolean;
  readonly stack: string;
  readonly host: string;
  readonly workers: number;
  readonly durationMs: number;
  readonly frames: {
    /** Frames the source produced. */
    readonly in: number;
    /** Frames the writer stored. */
    readonly out: number;
    /** Source frames the stored frames stand for (differs from `out` after sums). */
    readonly outAsSource: number;
    /** Source frames discarded on purpose (selections, dropped windows). */
    readonly dropped: number;
    /** Output frames a resuming writer already held from an earlier run (not redone, not in `out`). */
    readonly resumed: number;
  };
  readonly bytes: {
    /** Uncompressed pixel bytes of the source frames read (selections skip the rest). */
    readonly pixelsIn: number;
    /** Bytes of the finished output files. */
    readonly written: number;
  };
  /** Uncompressed source megabytes (10^6) per second of wall time. */
  readonly mbps: number;
  readonly framesPerSecond: number;
  readonly stages: readonly StageSummary[];
  readonly passThrough: readonly string[];
  readonly outputs: readonly OutputFile[];
  /** What the writer received: frame shape, pixel type and codec (null: pixels); null when planning failed. */
  readonly output: { readonly shape: readonly [number, number]; readonly dtype: string; readonly codec: string | null } | null;
  /** The source's input files with sizes and (unless turned off) SHA-256, as in the provenance. */
  readonly inputs: readonly ProvenanceInput[];
  readonly warnings: readonly string[];
  readonly error: SerializedError | null;
}

export function formatSummary(summary: RunSummary): string {
  const lines: string[] = [];
  const status = summary.ok ? 'completed' : 'FAILED';
  lines.push(`beamstack run ${status}: ${summary.stack} (${summary.host}, ${summary.workers} worker${summary.workers === 1 ? '' : 's'})`);
  const f = summary.frames;
  const merged = f.outAsSource !== f.out ? ` (standing for ${f.outAsSource} source frames)` : '';
  const resumed = f.resumed > 0 ? `, ${f.resumed} already written by an earlier run (kept)` : '';
  lines.push(`frames: ${f.in} in, ${f.out} out${merged}, ${f.dropped} dropped on purpose${resumed}`);
  // The compression ratio counts the files holding frames, not metadata files such as a master
  // with its pixel mask.
  const payload = summary.outputs.filter((o) => o.role !== 'master').reduce((n, o) => n + o.bytes, 0);
  lines.push(
    `time: ${(summary.durationMs / 1000).toFixed(2)} s, ${summary.framesPerSecond.toFixed(1)} frames/s, ${summary.mbps.toFixed(0)} MB/s of pixels; ` +
      `${mb(summary.bytes.pixelsIn)} MB in, ${mb(summary.bytes.written)} MB written` +
      (payload > 0 ? ` (compression ${(summary.bytes.pixelsIn / payload).toFixed(2)}x on frame data)` : ''),
  );
  lines.push('');
  const header = ['stage', 'plugin', 'in', 'out', 'dropped', 'MB in', 'MB out', 'busy s'];
  const rows = summary.stages.map((s) => [
    s.label,
    s.plugin,
    String(s.framesIn),
    String(s.framesOut),
    String(s.droppedSource),
    mb(s.bytesIn),
    mb(s.bytesOut),
    (s.busyMs / 1000).toFixed(2),
  ]);
  lines.push(...table([header, ...rows]));
  if (summary.passThrough.length > 0) lines.push('', `passed through without decoding: ${summary.passThrough.join(', ')}`);
  if (summary.outputs.length > 0) {
    lines.push('', 'output:');
    for (const o of summary.outputs) lines.push(`  ${o.path}  (${o.role}, ${mb(o.bytes)} MB)`);
  }
  for (const w of summary.warnings) lines.push(`warning: ${w}`);
  if (summary.error) lines.push('', `error: ${formatError(summary.error)}`);
  return lines.join('\n');
}

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd());
}
