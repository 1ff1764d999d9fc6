import type { DType, PixelArray } from './dtype.js';
import type { ErrorContext } from './errors.js';
import type { Frame, FrameInfo } from './frame.js';
import type { JsonObject } from './json.js';
import type { DatasetMeta } from './meta.js';
import type { InferOptions, OptionsSchema } from './options.js';

/**
 * The four stage kinds. A stage is one small object of hooks; the host owns threads, queues,
 * ordering, timing, counters, progress and error wrapping.
 *
 * Hooks marked "worker" run on pool threads: they must be pure functions of their arguments
 * (no module state that differs between threads) and must not keep references to frames.
 * Hooks marked "main" run on the host's main thread and may do I/O.
 */
export type StageKind = 'source' | 'transform' | 'codec' | 'writer';

/** Options as a stage receives them: validated, with defaults filled in. */
export type StageOptions = JsonObject;

export interface Logger {
  debug(message: string, data?: JsonObject): void;
  info(message: string, data?: JsonObject): void;
  warn(message: string, data?: JsonObject): void;
  error(message: string, data?: JsonObject): void;
}

/** Codecs known to the host, for stages that must describe or decode chunks (readers, writers). */
export interface CodecCatalog {
  get(id: string): CodecStage | undefined;
  list(): readonly CodecStage[];
  /** The codec (and its params) that produces chunks for this HDF5 filter pipeline, if any. */
  fromHdf5Filters(filters: readonly Hdf5Filter[], dtype: DType): { codec: CodecStage; params: JsonObject } | undefined;
}

/** What main-thread hooks get from the host. */
export interface HostContext {
  readonly log: Logger;
  /** Relative paths in options are resolved against this (the stack file's directory). */
  readonly baseDir: string;
  readonly signal: AbortSignal;
  readonly codecs: CodecCatalog;
  /** A non-fatal problem: reported in the run summary, never thrown. */
  warn(message: string, context?: ErrorContext): void;
}

export interface WriterContext extends HostContext {
  /** Directory all output must stay inside. */
  readonly outDir: string;
  /** The form frames will arrive in: a codec and its params, or null for pixels. */
  readonly encoding: Encoding | null;
}

export interface Encoding {
  readonly codec: string;
  readonly params: JsonObject;
}

interface StageBase<O> {
  /** Unique among loaded plugins: lowercase letters, digits and dashes ("bslz4", "nxmx"). */
  readonly id: string;
  readonly description: string;
  readonly options: OptionsSchema;
  /** Phantom field carrying the options type; never set it. */
  readonly __options?: O;
}

// ---------------------------------------------------------------------------------------- source

export interface SourceSession {
  readonly meta: DatasetMeta;
  /** Form of the frames `frames()` yields: encoded chunks of a codec, or null for pixels. */
  readonly encoding: Encoding | null;
  /**
   * main. Frame `index` (0-based), for inputs with random access. Preferred by the host when only
   * some frames are needed, so unselected frames are never read.
   */
  read?(index: number): Promise<Frame> | Frame;
  /**
   * main. Frames in series order with index 0, 1, 2, ... Used when `read` is absent. When both
   * are absent the host renders frames `0 .. meta.frameCount − 1` in workers with `render`.
   */
  frames?(): AsyncIterable<Frame>;
  /** main. Release files; called once, also after errors. */
  close?(): Promise<void> | void;
}

export interface SourceRenderContext<O> {
  readonly options: O;
  readonly meta: DatasetMeta;
}

export interface SourceStage<O = StageOptions> extends StageBase<O> {
  readonly kind: 'source';
  /** main. Opens the input and describes it. */
  open(options: O, ctx: HostContext): Promise<SourceSession> | SourceSession;
  /** worker. Produces frame `index` (for generated data, so generation runs in parallel). */
  render?(index: number, ctx: SourceRenderContext<O>): Frame;
}

// ------------------------------------------------------------------------------------- transform

export interface TransformMetaContext<O> {
  readonly options: O;
  /**
   * Folder relative paths in options are resolved against (the stack file's folder). Since
   * contract 1.1.0; absent when a host older than 1.1 calls the hook.
   */
  readonly baseDir?: string;
}

export interface TransformApplyContext<O> {
  readonly options: O;
  /** Description of the frames coming in. */
  readonly input: DatasetMeta;
  /** Description of the frames going out (what `mapMeta` returned). */
  readonly output: DatasetMeta;
  /** False when fewer frames than the window arrived (the end of the series). */
  readonly complete: boolean;
}

export interface TransformStage<O = StageOptions> extends StageBase<O> {
  readonly kind: 'transform';
  /**
   * 'pixels': `apply` needs pixels; the host decodes encoded frames first.
   * 'any': `apply` (if any) copes with either form, so encoded frames stay encoded.
   */
  readonly accepts: 'pixels' | 'any';
  /** main, once. The description of the output; must be pure and must not change its input. */
  mapMeta(meta: DatasetMeta, ctx: TransformMetaContext<O>): DatasetMeta;
  /** main. Frames consumed per output frame (sum: N). Default 1. */
  window?(meta: DatasetMeta, ctx: TransformMetaContext<O>): number;
  /**
   * main. Index-level selection decided without touching data (a frame subset). Frames for which
   * it returns false are dropped on purpose before they are read or sent to a worker.
   */
  select?(index: number, meta: DatasetMeta, ctx: TransformMetaContext<O>): boolean;
  /**
   * worker. Turns a window of frames into one frame, or null to drop it on purpose. Without
   * `apply`, frames pass unchanged (a select-only stage). The frames are the stage's to keep:
   * the host never reads them again, so `apply` may write into their pixel buffers and return
   * views of them (saving a fresh allocation per frame) — except buffers in shared memory
   * (SharedArrayBuffer), which must be copied, never written.
   */
  apply?(frames: readonly Frame[], ctx: TransformApplyContext<O>): Frame | null;
}

// ----------------------------------------------------------------------------------------- codec

/** One entry of an HDF5 filter pipeline, in pipeline order. */
export interface Hdf5Filter {
  readonly id: number;
  readonly name?: string;
  /** Bit 0 set: optional filter (HDF5 may skip it for a chunk). */
  readonly flags: number;
  readonly cdValues: readonly number[];
}

export interface CodecHdf5Mapping<O> {
  /** The filter pipeline whose output equals `encode`'s bytes for these params. */
  filters(dtype: DType, params: O): readonly Hdf5Filter[];
  /** The params that decode chunks of this pipeline, or null when the pipeline is not this codec's. */
  paramsFromFilters(filters: readonly Hdf5Filter[], dtype: DType): O | null;
}

export interface CodecContext<O> {
  readonly options: O;
}

export interface CodecStage<O = StageOptions> extends StageBase<O> {
  readonly kind: 'codec';
  readonly dtypes: readonly DType[];
  /** How chunks of this codec are stored in HDF5, when they can be. */
  readonly hdf5?: CodecHdf5Mapping<O>;
  /**
   * worker. Must not modify `pixels`. The result's buffer is transferred to another thread, so
   * never return a view of a buffer the codec keeps for reuse.
   */
  encode(pixels: PixelArray, info: FrameInfo, ctx: CodecContext<O>): Uint8Array;
  /**
   * worker. Strict: hostile input (truncated, corrupt, oversized length fields) must throw a
   * BeamstackError with code BEAMSTACK_E_DECODE naming the reason; never read or allocate beyond
   * what `info` allows. Same rule as encode for the returned buffer.
   */
  decode(bytes: Uint8Array, info: FrameInfo, ctx: CodecContext<O>): PixelArray;
}

// ---------------------------------------------------------------------------------------- writer

export interface WriterAccepts {
  /** The writer stores pixels as they are. */
  readonly pixels: boolean;
  /**
   * Encoded chunks the writer stores without decoding: codec ids, or 'hdf5' for any codec with an
   * HDF5 filter mapping.
   */
  readonly encoded: 'hdf5' | readonly string[];
  /** Codec the host encodes with when frames arrive as pixels and `pixels` is false. */
  readonly defaultCodec?: string;
}

export interface OutputFile {
  readonly path: string;
  readonly bytes: number;
  /** "master", "data", "frame", ... */
  readonly role: string;
}

export interface WriterResult {
  readonly files: readonly OutputFile[];
  readonly frames: number;
}

export interface WriterSession {
  /** main. Called in frame order. */
  write(frame: Frame): Promise<void> | void;
  /** main. Completes the output; only now may files take their final names. */
  close(): Promise<WriterResult>;
  /** main. Removes everything written so far; called instead of close after a failure. */
  abort(reason: unknown): Promise<void> | void;
  /**
   * main, optional (contract 1.2). True for an output frame this session already holds, complete
   * and checked, from an earlier interrupted run (writers with a resume option). The host then
   * never reads, transforms or sends that frame; `write` sees the others with their own indices,
   * so indices have gaps exactly there. Asked once per output frame, in order.
   */
  alreadyWritten?(index: number): boolean;
}

export interface WriterPrepareContext<O> {
  readonly options: O;
  readonly meta: DatasetMeta;
}

export interface WriterStage<O = StageOptions> extends StageBase<O> {
  readonly kind: 'writer';
  readonly accepts: WriterAccepts;
  /** main. Creates the output (under temporary names). */
  open(meta: DatasetMeta, options: O, ctx: WriterContext): Promise<WriterSession> | WriterSession;
  /**
   * worker. Per-frame CPU work the writer wants off the main thread (headers, checksums); its
   * result goes only to this writer's `write`.
   */
  prepare?(frame: Frame, ctx: WriterPrepareContext<O>): Frame;
}

export type Stage = SourceStage | TransformStage | CodecStage | WriterStage;

// --------------------------------------------------------------------------------------- define*

type WithSchema<S extends OptionsSchema, T> = Omit<T, 'options' | '__options'> & { readonly options: S };

/*
 * The define* helpers only check types and tag the kind; they return the object unchanged, so a
 * plugin written in plain JavaScript may export the same objects without importing this package.
 */

export function defineSource<const S extends OptionsSchema>(
  def: WithSchema<S, Omit<SourceStage<InferOptions<S>>, 'kind'>>,
): SourceStage<InferOptions<S>> {
  return { ...def, kind: 'source' } as SourceStage<InferOptions<S>>;
}

export function defineTransform<const S extends OptionsSchema>(
  def: WithSchema<S, Omit<TransformStage<InferOptions<S>>, 'kind'>>,
): TransformStage<InferOptions<S>> {
  return { ...def, kind: 'transform' } as TransformStage<InferOptions<S>>;
}

export function defineCodec<const S extends OptionsSchema>(
  def: WithSchema<S, Omit<CodecStage<InferOptions<S>>, 'kind'>>,
): CodecStage<InferOptions<S>> {
  return { ...def, kind: 'codec' } as CodecStage<InferOptions<S>>;
}

export function defineWriter<const S extends OptionsSchema>(
  def: WithSchema<S, Omit<WriterStage<InferOptions<S>>, 'kind'>>,
): WriterStage<InferOptions<S>> {
  return { ...def, kind: 'writer' } as WriterStage<InferOptions<S>>;
}
