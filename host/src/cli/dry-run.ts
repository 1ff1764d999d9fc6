import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BeamstackError, ErrorCodes } from '@beamstack/contract';
import type { RunSummary } from '../pipeline/summary.js';
import { prepareStack, type PluginSearch } from '../stack/prepare.js';
import type { StackFile } from '../stack/stack-file.js';
import type { CommandIO } from './command.js';
import { withCliHost, type CliRunOptions } from './run-prepared.js';

/** Output frames processed to estimate the cost: enough to average over the rotation, few enough to be quick. */
export const DRY_RUN_SAMPLES = 8;

export interface CostEstimate {
  readonly sourceFrames: number;
  readonly outputFrames: number;
  readonly sampledFrames: number;
  /** Bytes of the files holding frames, per output frame (data files or CBF files). */
  readonly bytesPerFrame: number;
  /** Files that do not grow with the frames (an NXmx master with its pixel mask). */
  readonly fixedBytes: number;
  readonly expectedBytes: number;
  /** Source pixel bytes per stored byte. */
  readonly reduction: number;
  /** Busy time of every stage (reading, transforms, codecs, writing) per output frame, in ms. */
  readonly cpuMsPerFrame: number;
  readonly cpuSecondsTotal: number;
}

/**
 * The stack with an index-only `select` just before the writer: it picks output frames, so the
 * frames it drops are never read, transformed or encoded.
 */
function sampled(file: StackFile, spec: string): StackFile {
  const stages = [...file.stages];
  stages.splice(stages.length - 1, 0, { use: 'select', with: { frames: spec } });
  return { ...file, stages };
}

/** Evenly spread 1-based output frame numbers. */
export function sampleSpec(outputFrames: number, samples: number): string {
  const k = Math.min(samples, outputFrames);
  const picks = new Set<number>();
  for (let i = 0; i < k; i++) picks.add(1 + (k === 1 ? 0 : Math.round((i * (outputFrames - 1)) / (k - 1))));
  return `[${[...picks].join(',')}]`;
}

function failed(summary: RunSummary, what: string): BeamstackError {
  const error = summary.error;
  return new BeamstackError(error?.code ?? ErrorCodes.STAGE_FAILED, `dry run (${what}) failed: ${error?.message ?? 'unknown error'}`, error?.context ?? {});
}

/**
 * Runs the stack on a sample of its output frames into a scratch folder (removed afterwards) and
 * extrapolates size and CPU time to the whole run. The first pass keeps one frame only, to learn
 * how many output frames the stack makes (the select stage sees them all without reading any).
 */
export async function estimateCost(file: StackFile, search: PluginSearch, options: CliRunOptions, io: CommandIO): Promise<CostEstimate> {
  const scratch = await mkdtemp(join(tmpdir(), 'beamstack-dry-run-'));
  try {
    const probe = await prepareStack(sampled(file, '[1]'), search);
    return await withCliHost(probe, { ...options, checksums: false }, io, async (run) => {
      const first = await run(probe, join(scratch, 'probe'));
      if (!first.ok) throw failed(first, 'first frame');
      const selectStage = first.stages.find((s) => s.label === `stages[${file.stages.length - 1}] select`);
      const outputFrames = selectStage?.framesIn ?? first.frames.out;
      const spec = sampleSpec(outputFrames, DRY_RUN_SAMPLES);
      const prepared = await prepareStack(sampled(file, spec), search);
      const sample = await run(prepared, join(scratch, 'sample'));
      if (!sample.ok) throw failed(sample, 'sample');
      const k = Math.max(sample.frames.out, 1);
      const fixedBytes = sample.outputs.filter((o) => o.role === 'master').reduce((n, o) => n + o.bytes, 0);
      const frameBytes = sample.bytes.written - fixedBytes;
      const bytesPerFrame = frameBytes / k;
      const cpuMs = sample.stages.reduce((n, s) => n + s.busyMs, 0);
      return {
        sourceFrames: first.frames.in,
        outputFrames,
        sampledFrames: sample.frames.out,
        bytesPerFrame,
        fixedBytes,
        expectedBytes: Math.round(bytesPerFrame * outputFrames + fixedBytes),
        reduction: frameBytes > 0 ? sample.bytes.pixelsIn / frameBytes : 0,
        cpuMsPerFrame: cpuMs / k,
        cpuSecondsTotal: (cpuMs / k / 1000) * outputFrames,
      };
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

export function formatEstimate(label: string, e: CostEstimate): string {
  const mb = (b: number): string => (b / 1e6).toFixed(b >= 1e8 ? 0 : 1);
  return [
    `dry run of ${label}: ${e.sampledFrames} of ${e.outputFrames} output frames processed (from ${e.sourceFrames} source frames); nothing written`,
    `expected output: ${mb(e.expectedBytes)} MB (${mb(e.bytesPerFrame)} MB per frame x ${e.outputFrames} + ${mb(e.fixedBytes)} MB master/metadata)`,
    `reduction: ${e.reduction.toFixed(2)}x (source pixel bytes per stored byte)`,
    `CPU: ${e.cpuMsPerFrame.toFixed(1)} ms per output frame, about ${e.cpuSecondsTotal.toFixed(1)} CPU-seconds in all (divide by the workers for wall time)`,
  ].join('\n');
}
