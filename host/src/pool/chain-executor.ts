import {
  BeamstackError,
  ErrorCodes,
  bytesPerPixel,
  pixelCount,
  serializeError,
  type CodecStage,
  type Frame,
  type JsonObject,
  type SourceStage,
  type Stage,
  type TransformStage,
  type WriterStage,
} from '@beamstack/contract';
import { stageError } from '../util/stage-error.js';
import { loadStage } from './stage-loader.js';
import {
  emptyStats,
  frameBytes,
  type ChainPlan,
  type ChainResult,
  type StageRef,
  type StepStats,
  type TaskNode,
  type WorkerStep,
} from './task.js';

interface LoadedStep {
  readonly step: WorkerStep;
  readonly stage: Stage;
}

/** A frame on its way through the chain, with the number of source frames it stands for. */
interface Carried {
  readonly frame: Frame;
  readonly represents: number;
}

/**
 * Runs the per-frame part of a chain on one task: render or take the source frames, apply every
 * step in order, reduce windows. It is synchronous and thread-agnostic: pool workers call it, and
 * so can tests that want the chain without threads.
 */
export class ChainExecutor {
  private constructor(
    private readonly plan: ChainPlan,
    private readonly render: { ref: StageRef; stage: SourceStage } | null,
    /** Steps split at window transforms: segments[0] runs on source frames, segments[k] after window k. */
    private readonly segments: readonly (readonly LoadedStep[])[],
    private readonly windows: readonly LoadedStep[],
    private readonly codecs: ReadonlyMap<string, { ref: StageRef; stage: CodecStage }>,
  ) {}

  static async compile(plan: ChainPlan): Promise<ChainExecutor> {
    const render = plan.render ? { ref: plan.render.ref, stage: (await loadStage(plan.render.ref)) as SourceStage } : null;
    const segments: LoadedStep[][] = [[]];
    const windows: LoadedStep[] = [];
    for (const step of plan.steps) {
      const loaded = { step, stage: await loadStage(step.ref) };
      if (step.kind === 'transform' && step.window > 1) {
        windows.push(loaded);
        segments.push([]);
      } else {
        segments[segments.length - 1]!.push(loaded);
      }
    }
    const codecs = new Map<string, { ref: StageRef; stage: CodecStage }>();
    for (const [id, ref] of Object.entries(plan.codecs)) codecs.set(id, { ref, stage: (await loadStage(ref)) as CodecStage });
    return new ChainExecutor(plan, render, segments, windows, codecs);
  }

  run(node: TaskNode, sourceFrames: readonly Frame[]): ChainResult {
    const stats = Array.from({ length: this.plan.statsSlots }, emptyStats);
    const bySource = new Map(sourceFrames.map((f) => [f.index, f]));
    try {
      const out = this.process(node, this.windows.length, bySource, stats);
      return { frame: out?.frame ?? null, represents: out?.represents ?? 0, stats, error: null };
    } catch (error) {
      return { frame: null, represents: 0, stats, error: serializeError(error) };
    }
  }

  private process(node: TaskNode, level: number, sources: ReadonlyMap<number, Frame>, stats: StepStats[]): Carried | null {
    let carried: Carried | null;
    if ('source' in node) {
      carried = { frame: this.sourceFrame(node.source, sources, stats), represents: 1 };
    } else {
      const inputs: { carried: Carried; node: TaskNode }[] = [];
      let complete = node.complete;
      for (const child of node.children) {
        const out = this.process(child, level - 1, sources, stats);
        if (out) inputs.push({ carried: out, node: child });
        else complete = false;
      }
      const window = this.windows[level - 1]!;
      carried = inputs.length === 0 ? null : this.applyWindow(window, inputs, complete, node, stats);
    }
    for (const loaded of this.segments[level]!) {
      if (!carried) return null;
      carried = this.applyStep(loaded, carried, indexAt(node, loaded.step.ref.afterOp), stats);
    }
    return carried;
  }

  private sourceFrame(index: number, sources: ReadonlyMap<number, Frame>, stats: StepStats[]): Frame {
    const given = sources.get(index);
    if (given) return given;
    if (!this.render) {
      throw new BeamstackError(ErrorCodes.INTERNAL, `source frame ${index} was neither sent nor renderable`, { frame: index });
    }
    const { ref, stage } = this.render;
    const started = performance.now();
    let frame: Frame;
    try {
      frame = stage.render!(index, { options: this.plan.render!.options, meta: this.plan.render!.meta });
    } catch (error) {
      throw stageError(error, site(ref, 'render', index), ErrorCodes.INPUT);
    }
    const s = stats[ref.statsSlot]!;
    s.busyMs += performance.now() - started;
    s.framesOut += 1;
    s.bytesOut += frameBytes(frame);
    return frame.index === index ? frame : { ...frame, index };
  }

  private applyWindow(
    loaded: LoadedStep,
    inputs: readonly { carried: Carried; node: TaskNode }[],
    complete: boolean,
    node: TaskNode,
    stats: StepStats[],
  ): Carried | null {
    const step = loaded.step as Extract<WorkerStep, { kind: 'transform' }>;
    const stage = loaded.stage as TransformStage;
    const afterOp = step.ref.afterOp;
    const frames = inputs.map(({ carried, node: child }) => {
      const index = indexAt(child, afterOp);
      return carried.frame.index === index ? carried.frame : { ...carried.frame, index };
    });
    const represents = inputs.reduce((n, input) => n + input.carried.represents, 0);
    const out = this.runTransform(step, stage, frames, complete, represents, stats);
    if (!out) return null;
    const index = node.ix[afterOp] ?? out.index;
    return { frame: out.index === index ? out : { ...out, index }, represents };
  }

  private applyStep(loaded: LoadedStep, carried: Carried, index: number, stats: StepStats[]): Carried | null {
    const frame = carried.frame.index === index ? carried.frame : { ...carried.frame, index };
    const { step } = loaded;
    switch (step.kind) {
      case 'transform': {
        const out = this.runTransform(step, loaded.stage as TransformStage, [frame], true, carried.represents, stats);
        return out ? { frame: out, represents: carried.represents } : null;
      }
      case 'encode':
        return { frame: this.encode(step.ref, loaded.stage as CodecStage, step.options, frame, stats), represents: carried.represents };
      case 'decode':
        return { frame: this.decode(frame, stats, step.ref.statsSlot), represents: carried.represents };
      case 'prepare':
        return { frame: this.prepare(step, loaded.stage as WriterStage, frame, stats), represents: carried.represents };
    }
  }

  private runTransform(
    step: Extract<WorkerStep, { kind: 'transform' }>,
    stage: TransformStage,
    frames: readonly Frame[],
    complete: boolean,
    represents: number,
    stats: StepStats[],
  ): Frame | null {
    const s = stats[step.ref.statsSlot]!;
    s.framesIn += frames.length;
    for (const f of frames) s.bytesIn += frameBytes(f);
    const first = frames[0]!;
    if (!stage.apply) {
      s.framesOut += 1;
      s.bytesOut += frameBytes(first);
      return first;
    }
    const started = performance.now();
    let out: Frame | null;
    try {
      out = stage.apply(frames, { options: step.options, input: step.input, output: step.output, complete });
    } catch (error) {
      throw stageError(error, site(step.ref, 'apply', first.index));
    }
    s.busyMs += performance.now() - started;
    if (out === null) {
      s.droppedSource += represents;
      return null;
    }
    checkFrame(out, step.output.shape, step.output.dtype, site(step.ref, 'apply', first.index));
    s.framesOut += 1;
    s.bytesOut += frameBytes(out);
    return out;
  }

  private encode(ref: StageRef, codec: CodecStage, options: JsonObject, frame: Frame, stats: StepStats[]): Frame {
    const s = stats[ref.statsSlot]!;
    const pixels = frame.pixels;
    if (!pixels) throw new BeamstackError(ErrorCodes.INTERNAL, 'encode step received an encoded frame', { frame: frame.index, codec: codec.id });
    s.framesIn += 1;
    s.bytesIn += pixels.byteLength;
    const started = performance.now();
    let bytes: Uint8Array;
    try {
      bytes = codec.encode(pixels, { shape: frame.shape, dtype: frame.dtype }, { options });
    } catch (error) {
      throw stageError(error, site(ref, 'encode', frame.index), ErrorCodes.ENCODE).withContext({ codec: codec.id });
    }
    if (!(bytes instanceof Uint8Array)) {
      throw new BeamstackError(ErrorCodes.ENCODE, 'encode did not return a Uint8Array', { ...site(ref, 'encode', frame.index), codec: codec.id });
    }
    s.busyMs += performance.now() - started;
    s.framesOut += 1;
    s.bytesOut += bytes.byteLength;
    const { pixels: _dropped, ...rest } = frame;
    return { ...rest, encoded: { codec: codec.id, params: options, bytes } };
  }

  private decode(frame: Frame, stats: StepStats[], slot: number): Frame {
    const encoded = frame.encoded;
    if (!encoded) return frame;
    const codec = this.codecs.get(encoded.codec);
    if (!codec) {
      throw new BeamstackError(ErrorCodes.STAGE_UNKNOWN, `no codec '${encoded.codec}' is registered to decode this frame`, { frame: frame.index, codec: encoded.codec });
    }
    const s = stats[slot]!;
    s.framesIn += 1;
    s.bytesIn += encoded.bytes.byteLength;
    const started = performance.now();
    const info = { shape: frame.shape, dtype: frame.dtype };
    let pixels;
    try {
      pixels = codec.stage.decode(encoded.bytes, info, { options: encoded.params });
    } catch (error) {
      throw stageError(error, site(codec.ref, 'decode', frame.index), ErrorCodes.DECODE).withContext({ codec: encoded.codec });
    }
    const expected = pixelCount(frame.shape) * bytesPerPixel(frame.dtype);
    if (pixels.byteLength !== expected) {
      throw new BeamstackError(ErrorCodes.DECODE, `decoded ${pixels.byteLength} bytes, expected ${expected}`, {
        ...site(codec.ref, 'decode', frame.index),
        codec: encoded.codec,
      });
    }
    s.busyMs += performance.now() - started;
    s.framesOut += 1;
    s.bytesOut += pixels.byteLength;
    const { encoded: _dropped, ...rest } = frame;
    return { ...rest, pixels };
  }

  private prepare(step: Extract<WorkerStep, { kind: 'prepare' }>, writer: WriterStage, frame: Frame, stats: StepStats[]): Frame {
    const s = stats[step.ref.statsSlot]!;
    const started = performance.now();
    let out: Frame;
    try {
      out = writer.prepare!(frame, { options: step.options, meta: step.meta });
    } catch (error) {
      throw stageError(error, site(step.ref, 'prepare', frame.index), ErrorCodes.OUTPUT);
    }
    s.busyMs += performance.now() - started;
    return out;
  }
}

function indexAt(node: TaskNode, afterOp: number): number {
  if (afterOp === 0 && 'source' in node) return node.source;
  const found = node.ix[afterOp - 1];
  if (found !== undefined) return found;
  return 'source' in node ? node.source : 0;
}

function site(ref: StageRef, hook: string, frame: number) {
  return { plugin: `${ref.plugin}@${ref.version}`, stage: ref.stageId, hook, frame };
}

function checkFrame(frame: Frame, shape: readonly [number, number], dtype: string, where: ReturnType<typeof site>): void {
  const ok =
    typeof frame === 'object' &&
    frame !== null &&
    (frame.pixels !== undefined) !== (frame.encoded !== undefined) &&
    frame.shape?.[0] === shape[0] &&
    frame.shape?.[1] === shape[1] &&
    frame.dtype === dtype;
  if (!ok) {
    throw new BeamstackError(
      ErrorCodes.STAGE_FAILED,
      `returned a frame that does not match its declared output (expected ${shape[0]}x${shape[1]} ${dtype} with either pixels or encoded data)`,
      where,
    );
  }
}
