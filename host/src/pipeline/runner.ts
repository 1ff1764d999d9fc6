import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { serialize } from 'node:v8';
import {
  BeamstackError,
  ErrorCodes,
  bytesPerPixel,
  describeContext,
  pixelCount,
  reviveError,
  serializeError,
  type DatasetMeta,
  type HostContext,
  type Logger,
  type OutputFile,
  type ProvenanceInput,
  type SourceSession,
  type SourceStage,
  type WriterSession,
  type WriterStage,
} from '@beamstack/contract';
import { withInputChecksums } from './input-checksums.js';
import { inject, injectable } from 'tsyringe';
import { TOKENS, type MetricsSink } from '../di/tokens.js';
import type { FramePool } from '../pool/frame-pool.js';
import { addStats, emptyStats, frameBytes, transferables, type ChainResult, type StepStats } from '../pool/task.js';
import type { ProgressFactory } from '../progress/progress.js';
import type { PluginRegistry } from '../plugins/registry.js';
import type { ResolvedStack, ResolvedStage } from '../stack/resolve.js';
import type { Clock } from '../util/clock.js';
import { stageError } from '../util/stage-error.js';
import { HOST_ID } from '../version.js';
import { planRun, type RunPlan } from './plan.js';
import { SourceReader } from './source-reader.js';
import type { RunSummary } from './summary.js';
import { leaves, sourceIndices, TaskGrouper } from './task-grouper.js';
import { Signal } from './signal.js';

export interface PreparedStack {
  readonly stack: ResolvedStack;
  readonly registry: PluginRegistry;
}

export interface RunOptions {
  /** Folder the writer must keep all output inside. */
  readonly outDir: string;
  readonly signal?: AbortSignal;
  /** Record the SHA-256 of every input file in the provenance (default true; one more read of the inputs). */
  readonly checksumInputs?: boolean;
}

interface Counts {
  in: number;
  /** Source frames actually read or rendered (selections skip the rest). */
  read: number;
  out: number;
  outAsSource: number;
  written: number;
  /** Output frames an earlier run already wrote (resume), and the source frames they stand for. */
  resumed: number;
  resumedAsSource: number;
}

/**
 * Runs a resolved stack: source → transforms/codecs (in the worker pool) → writer. The runner owns
 * ordering, backpressure, counters, progress and error wrapping; stages only transform data.
 * A failure anywhere aborts the writer (which removes its temporary files) and is returned in the
 * summary with the plugin, stage, hook and frame it happened at; the host itself carries on.
 */
@injectable()
export class PipelineRunner {
  constructor(
    @inject(TOKENS.Logger) private readonly log: Logger,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Pool) private readonly pool: FramePool,
    @inject(TOKENS.Progress) private readonly progress: ProgressFactory,
    @inject(TOKENS.Metrics) private readonly metrics: MetricsSink,
  ) {}

  async run(prepared: PreparedStack, options: RunOptions): Promise<RunSummary> {
    const { stack, registry } = prepared;
    const started = this.clock.now();
    const warnings: string[] = [];
    const signal = options.signal ?? new AbortController().signal;
    const host: HostContext = {
      log: this.log,
      baseDir: stack.file.dir,
      signal,
      codecs: registry.codecs(),
      warn: (message, context) => {
        const where = context ? describeContext(context) : '';
        warnings.push(where ? `${message} (${where})` : message);
        this.log.warn(message);
      },
    };
    const [sourceStage, writerStage] = [stack.stages[0]!, stack.stages[stack.stages.length - 1]!];
    const counts: Counts = { in: 0, read: 0, out: 0, outAsSource: 0, written: 0, resumed: 0, resumedAsSource: 0 };
    let plan: RunPlan | null = null;
    let stats: StepStats[] = [];
    let session: SourceSession | null = null;
    let writer: WriterSession | null = null;
    let outputs: readonly OutputFile[] = [];
    let pixelBytesPerFrame = 0;
    let inputs: readonly ProvenanceInput[] = [];
    let failure: unknown = null;
    try {
      session = await this.openSource(sourceStage, host);
      const meta = options.checksumInputs === false ? session.meta : await this.checksummed(session.meta, sourceStage, signal);
      inputs = meta.provenance.inputs;
      pixelBytesPerFrame = pixelCount(meta.shape) * bytesPerPixel(meta.dtype);
      const rendered = !session.read && !session.frames;
      if (rendered && !(sourceStage.stage as SourceStage).render) {
        throw new BeamstackError(ErrorCodes.PLUGIN_MALFORMED, 'the source session has neither read() nor frames(), and the stage has no render()', site(sourceStage, 'open'));
      }
      plan = planRun({
        planId: randomUUID(),
        stack,
        registry,
        sourceMeta: meta,
        sourceEncoding: session.encoding,
        rendered,
        record: (m, s) => this.record(m, s),
      });
      stats = plan.slots.map(emptyStats);
      writer = await this.openWriter(writerStage, plan, host, options.outDir);
      await this.pump(plan, session, writer, stats, counts, signal, pixelBytesPerFrame, stack.file.name, site(sourceStage, 'read'));
      const writerStats = stats[plan.writerSlot]!;
      const closeStarted = this.clock.now();
      let result;
      try {
        result = await writer.close();
      } catch (error) {
        throw stageError(error, site(writerStage, 'close'), ErrorCodes.OUTPUT);
      }
      writer = null;
      writerStats.busyMs += this.clock.now() - closeStarted;
      outputs = result.files;
      writerStats.bytesOut = outputs.reduce((n, f) => n + f.bytes, 0);
      const dropped = stats.reduce((n, s) => n + s.droppedSource, 0);
      if (counts.in !== counts.outAsSource + dropped + counts.resumedAsSource) {
        throw new BeamstackError(
          ErrorCodes.INTERNAL,
          `frame accounting does not balance: ${counts.in} in, ${counts.outAsSource} written (as source frames), ${dropped} dropped, ${counts.resumedAsSource} already written`,
        );
      }
    } catch (error) {
      failure = error;
    }
    if (writer) await this.quietly('abort the writer', () => writer!.abort(failure));
    if (session?.close) await this.quietly('close the source', () => session!.close!());
    const durationMs = this.clock.now() - started;
    const summary = this.summarize(stack, plan, stats, counts, outputs, inputs, warnings, failure, durationMs, pixelBytesPerFrame);
    this.metrics.recordRun(summary);
    return summary;
  }

  private async checksummed(meta: DatasetMeta, s: ResolvedStage, signal: AbortSignal): Promise<DatasetMeta> {
    try {
      return await withInputChecksums(meta, signal);
    } catch (error) {
      throw stageError(error, site(s, 'open'), ErrorCodes.INPUT);
    }
  }

  private async openSource(s: ResolvedStage, host: HostContext): Promise<SourceSession> {
    const stage = s.stage as SourceStage;
    let session: SourceSession;
    try {
      session = await stage.open(s.options, host);
    } catch (error) {
      throw stageError(error, site(s, 'open'), ErrorCodes.INPUT);
    }
    if (!session || typeof session !== 'object' || !session.meta) {
      throw new BeamstackError(ErrorCodes.PLUGIN_MALFORMED, 'open() did not return a session with meta', site(s, 'open'));
    }
    return session;
  }

  private async openWriter(s: ResolvedStage, plan: RunPlan, host: HostContext, outDir: string): Promise<WriterSession> {
    try {
      return await (s.stage as WriterStage).open(plan.writerMeta, s.options, { ...host, outDir, encoding: plan.writerEncoding });
    } catch (error) {
      throw stageError(error, site(s, 'open'), ErrorCodes.OUTPUT);
    }
  }

  /** Adds a provenance step for a stage, so every output can say how it was made. */
  private record(meta: DatasetMeta, s: ResolvedStage): DatasetMeta {
    const step = {
      plugin: s.plugin.name,
      version: s.plugin.version,
      stage: s.stage.id,
      options: s.options,
      time: this.clock.date().toISOString(),
      host: HOST_ID,
    };
    return { ...meta, provenance: { ...meta.provenance, steps: [...meta.provenance.steps, step] } };
  }

  /**
   * Moves frames from the source through the pool to the writer. The producer waits whenever
   * `pool.capacity` tasks are in flight (backpressure); the consumer writes results strictly in
   * order. The first failure stops both; in-flight tasks are awaited so no worker still holds
   * frames when the run reports.
   */
  private async pump(
    plan: RunPlan,
    session: SourceSession,
    writer: WriterSession,
    stats: StepStats[],
    counts: Counts,
    abort: AbortSignal,
    pixelBytesPerFrame: number,
    label: string,
    sourceSite: ReturnType<typeof site>,
  ): Promise<void> {
    const meta = session.meta;
    const encoded = serialize(plan.chain);
    const planBuffer = new SharedArrayBuffer(encoded.byteLength);
    new Uint8Array(planBuffer).set(encoded);
    const inFlight: Promise<ChainResult>[] = [];
    const outputIndices: number[] = [];
    const wake = new Signal();
    let failure: unknown = null;
    let producing = true;
    const fail = (error: unknown): void => {
      failure ??= error;
      wake.notify();
    };
    const onAbort = (): void => fail(new BeamstackError(ErrorCodes.CANCELLED, 'the run was cancelled'));
    abort.addEventListener('abort', onAbort, { once: true });
    if (abort.aborted) onAbort();

    const reader = new SourceReader(session, plan.sourceSlot, stats, this.clock, meta);
    const grouper = new TaskGrouper(plan.indexOps, {
      seen: (slot) => {
        stats[slot]!.framesIn += 1;
      },
      kept: (slot) => {
        stats[slot]!.framesOut += 1;
      },
      dropped: (slot, sourceFrames) => {
        stats[slot]!.droppedSource += sourceFrames;
        counts.in += sourceFrames;
      },
    });
    const progress = this.progress.start(label, meta.frameCount);
    const done = (): number => counts.outAsSource + counts.resumedAsSource + stats.reduce((n, s) => n + s.droppedSource, 0);
    const alreadyWritten = writer.alreadyWritten?.bind(writer);
    let outputIndex = 0;

    const produce = async (): Promise<void> => {
      for (const node of grouper.tasks(meta.frameCount)) {
        const index = outputIndex++;
        if (alreadyWritten?.(index) === true) {
          counts.in += leaves(node);
          counts.resumed += 1;
          counts.resumedAsSource += leaves(node);
          continue;
        }
        while (inFlight.length >= this.pool.capacity && failure === null) await wake.wait();
        if (failure !== null) return;
        let frames;
        try {
          frames = await reader.read(sourceIndices(node));
        } catch (error) {
          throw stageError(error, sourceSite, ErrorCodes.INPUT);
        }
        counts.in += leaves(node);
        counts.read += leaves(node);
        const task = this.pool.run({ planId: plan.chain.id, planBuffer, node, frames }, transferables(frames));
        task.catch(() => undefined); // consumed, in order, by consume()
        inFlight.push(task);
        outputIndices.push(index);
        wake.notify();
      }
    };
    const consume = async (): Promise<void> => {
      for (;;) {
        while (inFlight.length === 0 && producing && failure === null) await wake.wait();
        if (failure !== null || inFlight.length === 0) return;
        const result = await inFlight[0]!;
        inFlight.shift();
        const index = outputIndices.shift()!;
        wake.notify();
        result.stats.forEach((s, i) => addStats(stats[i]!, s));
        if (result.error) throw reviveError(result.error);
        if (result.frame) {
          const writerStats = stats[plan.writerSlot]!;
          // A resuming writer needs each frame's place in the whole output; otherwise frames are
          // numbered as stored, since a transform may drop one in a worker.
          const at = alreadyWritten ? index : counts.out;
          const frame = result.frame.index === at ? result.frame : { ...result.frame, index: at };
          const t0 = this.clock.now();
          writerStats.framesIn += 1;
          writerStats.bytesIn += frameBytes(frame);
          try {
            await writer.write(frame);
          } catch (error) {
            throw stageError(error, { plugin: writerSite(plan), stage: plan.slots[plan.writerSlot]!.label, hook: 'write', frame: frame.index }, ErrorCodes.OUTPUT);
          }
          writerStats.busyMs += this.clock.now() - t0;
          writerStats.framesOut += 1;
          counts.out += 1;
          counts.outAsSource += result.represents;
        }
        const finished = done();
        progress.update(finished, finished * pixelBytesPerFrame);
      }
    };

    await Promise.all([
      produce()
        .catch(fail)
        .finally(() => {
          producing = false;
          wake.notify();
        }),
      consume().catch(fail),
    ]);
    abort.removeEventListener('abort', onAbort);
    await Promise.allSettled(inFlight);
    progress.done();
    if (failure !== null) throw failure;
  }

  private async quietly(what: string, action: () => unknown): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.log.error(`could not ${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private summarize(
    stack: ResolvedStack,
    plan: RunPlan | null,
    stats: readonly StepStats[],
    counts: Counts,
    outputs: readonly OutputFile[],
    inputs: readonly ProvenanceInput[],
    warnings: readonly string[],
    failure: unknown,
    durationMs: number,
    pixelBytesPerFrame: number,
  ): RunSummary {
    const dropped = stats.reduce((n, s) => n + s.droppedSource, 0);
    const seconds = Math.max(durationMs / 1000, 1e-9);
    const pixelsIn = counts.read * pixelBytesPerFrame;
    return {
      ok: failure === null,
      stack: stack.file.name,
      host: HOST_ID,
      workers: this.pool.workers,
      durationMs,
      frames: { in: counts.in, out: counts.out, outAsSource: counts.outAsSource, dropped, resumed: counts.resumed },
      bytes: { pixelsIn, written: outputs.reduce((n, f) => n + f.bytes, 0) },
      mbps: pixelsIn / 1e6 / seconds,
      framesPerSecond: counts.read / seconds,
      stages: plan ? plan.slots.map((slot, i) => ({ ...slot, ...stats[i]! })) : [],
      passThrough: plan?.passThrough ?? [],
      outputs,
      output: plan ? { shape: [plan.writerMeta.shape[0], plan.writerMeta.shape[1]], dtype: plan.writerMeta.dtype, codec: plan.writerEncoding?.codec ?? null } : null,
      inputs,
      warnings,
      error: failure === null ? null : serializeError(failure),
    };
  }
}

function site(s: ResolvedStage, hook: string) {
  return { plugin: `${s.plugin.name}@${s.plugin.version}`, stage: `${s.stage.id} (${s.label})`, hook };
}

function writerSite(plan: RunPlan): string {
  return plan.slots[plan.writerSlot]!.plugin;
}
