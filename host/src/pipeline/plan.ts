import {
  BeamstackError,
  ErrorCodes,
  isDType,
  type CodecStage,
  type DatasetMeta,
  type Encoding,
  type JsonObject,
  type StageKind,
  type TransformStage,
  type WriterStage,
} from '@beamstack/contract';
import type { LoadedPlugin } from '../plugins/loader.js';
import type { PluginRegistry } from '../plugins/registry.js';
import type { ResolvedStack, ResolvedStage } from '../stack/resolve.js';
import type { ChainPlan, StageRef, WorkerStep } from '../pool/task.js';
import { stageError } from '../util/stage-error.js';
import { sameJson } from '../util/json.js';

/** A row of the run summary: a stack stage, or a step the host inserted (decode, encode). */
export interface StatsSlot {
  readonly label: string;
  readonly kind: StageKind | 'decode' | 'encode';
  readonly plugin: string;
  readonly stage: string;
  readonly inserted: boolean;
}

/** Index-level operations the main thread performs before any data is read. */
export type IndexOp =
  | { readonly kind: 'select'; readonly slot: number; readonly stage: TransformStage; readonly options: JsonObject; readonly meta: DatasetMeta; readonly plugin: string; readonly label: string; readonly baseDir: string }
  | { readonly kind: 'window'; readonly slot: number; readonly size: number };

export interface RunPlan {
  readonly chain: ChainPlan;
  readonly indexOps: readonly IndexOp[];
  readonly slots: readonly StatsSlot[];
  readonly sourceSlot: number;
  readonly writerSlot: number;
  /** What the writer is told about the frames it will receive. */
  readonly writerMeta: DatasetMeta;
  readonly writerEncoding: Encoding | null;
  /** Stages the frames pass without work (a codec stage receiving its own codec's chunks). */
  readonly passThrough: readonly string[];
}

export interface PlanInput {
  readonly planId: string;
  readonly stack: ResolvedStack;
  readonly registry: PluginRegistry;
  readonly sourceMeta: DatasetMeta;
  readonly sourceEncoding: Encoding | null;
  /** The source renders its frames in workers. */
  readonly rendered: boolean;
  /** Adds a provenance step for a stage to a description. */
  readonly record: (meta: DatasetMeta, stage: ResolvedStage) => DatasetMeta;
}

/**
 * Works out, once per run, what happens to every frame: the metadata after each stage, where
 * decode and encode steps are needed (only where a stage needs the other form, so compressed
 * data pass through stages that do not look at pixels), which selections and windows the main
 * thread applies, and the plan the workers execute.
 */
export function planRun(input: PlanInput): RunPlan {
  const { stack, registry } = input;
  const slots: StatsSlot[] = [];
  const indexOps: IndexOp[] = [];
  const steps: WorkerStep[] = [];
  const codecs: Record<string, StageRef> = {};
  const passThrough: string[] = [];

  const addSlot = (slot: StatsSlot): number => slots.push(slot) - 1;
  const slotFor = (s: ResolvedStage): number =>
    addSlot({ label: `${s.label} ${s.stage.id}`, kind: s.stage.kind, plugin: pluginId(s.plugin), stage: s.stage.id, inserted: false });
  const ref = (plugin: LoadedPlugin, stageId: string, statsSlot: number): StageRef => ({
    plugin: plugin.name,
    version: plugin.version,
    entryUrl: plugin.entryUrl,
    stageId,
    statsSlot,
    afterOp: indexOps.length,
  });
  const codecEntry = (id: string, needed: string): { plugin: LoadedPlugin; stage: CodecStage } => {
    const entry = registry.find(id);
    if (!entry || entry.stage.kind !== 'codec') {
      throw new BeamstackError(ErrorCodes.STAGE_UNKNOWN, `${needed} needs codec '${id}', which no loaded plugin provides`, { codec: id });
    }
    codecs[id] = ref(entry.plugin, id, -1);
    return { plugin: entry.plugin, stage: entry.stage as CodecStage };
  };
  const insertDecode = (form: Encoding, before: string): void => {
    const codec = codecEntry(form.codec, before);
    const slot = addSlot({ label: `decode ${form.codec} (for ${before})`, kind: 'decode', plugin: pluginId(codec.plugin), stage: form.codec, inserted: true });
    steps.push({ kind: 'decode', ref: ref(codec.plugin, form.codec, slot) });
  };
  const insertEncode = (codecId: string, options: JsonObject, label: string, inserted: boolean, existingSlot?: number): Encoding => {
    const codec = codecEntry(codecId, label);
    const slot =
      existingSlot ?? addSlot({ label: `encode ${codecId} (for ${label})`, kind: 'encode', plugin: pluginId(codec.plugin), stage: codecId, inserted });
    steps.push({ kind: 'encode', ref: ref(codec.plugin, codecId, slot), options });
    return { codec: codecId, params: options };
  };

  const [source, ...rest] = stack.stages;
  const writer = rest.pop()!;
  const sourceSlot = slotFor(source!);
  let meta = checkMeta(input.record(input.sourceMeta, source!), source!, 'open');
  let form = input.sourceEncoding;

  for (const s of rest) {
    const where = `${stack.file.label}: ${s.label}`;
    if (s.stage.kind === 'codec') {
      const codec = s.stage as CodecStage;
      if (!codec.dtypes.includes(meta.dtype)) {
        throw new BeamstackError(ErrorCodes.OPTIONS, `${where}: codec '${codec.id}' cannot encode ${meta.dtype} frames (it takes ${codec.dtypes.join(', ')})`, { option: where, codec: codec.id });
      }
      if (form && form.codec === codec.id && sameJson(form.params, s.options)) {
        passThrough.push(slots[slotFor(s)]!.label);
      } else {
        if (form) insertDecode(form, s.label);
        form = insertEncode(codec.id, s.options, s.label, false, slotFor(s));
      }
      meta = input.record(meta, s);
      continue;
    }
    const transform = s.stage as TransformStage;
    const ctx = { options: s.options, baseDir: stack.file.dir };
    const site = { plugin: pluginId(s.plugin), stage: `${transform.id} (${s.label})` };
    let window = 1;
    let output: DatasetMeta;
    try {
      window = transform.window?.(meta, ctx) ?? 1;
      output = transform.mapMeta(meta, ctx);
    } catch (error) {
      throw stageError(error, { ...site, hook: 'mapMeta' }, ErrorCodes.OPTIONS);
    }
    if (!Number.isInteger(window) || window < 1) {
      throw new BeamstackError(ErrorCodes.STAGE_FAILED, `window() returned ${String(window)}; it must be an integer >= 1`, { ...site, hook: 'window' });
    }
    output = checkMeta(input.record(output, s), s, 'mapMeta');
    // Inserted steps get their rows first, so the summary lists stages in the order frames meet them.
    const decodeFirst = transform.apply !== undefined && transform.accepts === 'pixels' && form !== null;
    if (decodeFirst) {
      insertDecode(form!, s.label);
      form = null;
    }
    const slot = slotFor(s);
    if (transform.select) {
      const selectSlot = transform.apply ? addSlot({ ...slots[slot]!, label: `${slots[slot]!.label} (select)` }) : slot;
      indexOps.push({ kind: 'select', slot: selectSlot, stage: transform, options: s.options, meta, plugin: pluginId(s.plugin), label: s.label, baseDir: stack.file.dir });
    }
    if (transform.apply) {
      const stepRef = ref(s.plugin, transform.id, slot);
      if (window > 1) indexOps.push({ kind: 'window', slot, size: window });
      steps.push({ kind: 'transform', ref: stepRef, options: s.options, window, input: meta, output });
    } else if (window > 1) {
      throw new BeamstackError(ErrorCodes.PLUGIN_MALFORMED, 'declares a window but has no apply() to combine the frames', { ...site, hook: 'window' });
    }
    meta = output;
  }

  const writerStage = writer.stage as WriterStage;
  const writerSlot = slotFor(writer);
  const accepts = writerStage.accepts;
  const takes = (codec: string): boolean =>
    accepts.encoded === 'hdf5' ? registry.find(codec)?.stage.kind === 'codec' && (registry.find(codec)!.stage as CodecStage).hdf5 !== undefined : accepts.encoded.includes(codec);
  if (form && !takes(form.codec)) {
    insertDecode(form, writer.label);
    form = null;
  }
  if (!form && !accepts.pixels) {
    if (!accepts.defaultCodec) {
      throw new BeamstackError(ErrorCodes.STACK, `${stack.file.label}: ${writer.label}: writer '${writerStage.id}' takes only encoded frames; add a codec stage before it`, { option: writer.label });
    }
    form = insertEncode(accepts.defaultCodec, {}, writer.label, true);
  }
  const writerMeta = input.record(meta, writer);
  if (writerStage.prepare) steps.push({ kind: 'prepare', ref: ref(writer.plugin, writerStage.id, writerSlot), options: writer.options, meta: writerMeta });

  const chain: ChainPlan = {
    id: input.planId,
    render: input.rendered ? { ref: ref(source!.plugin, source!.stage.id, sourceSlot), options: source!.options, meta: input.sourceMeta } : null,
    steps,
    codecs,
    statsSlots: slots.length,
  };
  return { chain, indexOps, slots, sourceSlot, writerSlot, writerMeta, writerEncoding: form, passThrough };
}

function pluginId(plugin: LoadedPlugin): string {
  return `${plugin.name}@${plugin.version}`;
}

/** A stage's description of its output must be usable by everything after it. */
function checkMeta(meta: DatasetMeta, s: ResolvedStage, hook: string): DatasetMeta {
  const [h, w] = meta?.shape ?? [];
  const problems: string[] = [];
  if (!Number.isInteger(h) || !Number.isInteger(w) || h! < 1 || w! < 1) problems.push(`shape ${JSON.stringify(meta?.shape)} is not [height >= 1, width >= 1]`);
  if (!Number.isInteger(meta?.frameCount) || meta.frameCount < 0) problems.push(`frameCount ${String(meta?.frameCount)} is not an integer >= 0`);
  if (!isDType(meta?.dtype)) problems.push(`dtype ${String(meta?.dtype)} is not a known pixel type`);
  const mask = meta?.detector?.pixelMask;
  if (mask && h && w && mask.length !== h * w) problems.push(`pixelMask has ${mask.length} entries for ${h}x${w} frames`);
  if (problems.length > 0) {
    throw new BeamstackError(ErrorCodes.STAGE_FAILED, `returned an unusable dataset description: ${problems.join('; ')}`, {
      plugin: pluginId(s.plugin),
      stage: `${s.stage.id} (${s.label})`,
      hook,
    });
  }
  return meta;
}
