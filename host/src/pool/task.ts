import type { DatasetMeta, Frame, JsonObject, SerializedError } from '@beamstack/contract';

/**
 * Messages between the runner (main thread) and pool workers. Everything here crosses a thread
 * boundary by structured clone, so it is plain data; pixel buffers are transferred, not copied.
 */

/** Where a worker finds a stage: the plugin's module URL and the stage id inside it. */
export interface StageRef {
  readonly plugin: string;
  readonly version: string;
  readonly entryUrl: string;
  readonly stageId: string;
  /** Index into the run's stage statistics. */
  readonly statsSlot: number;
  /** Number of index-level operations (selections, windows) before this step in the chain. */
  readonly afterOp: number;
}

export type WorkerStep =
  | { readonly kind: 'transform'; readonly ref: StageRef; readonly options: JsonObject; readonly window: number; readonly input: DatasetMeta; readonly output: DatasetMeta }
  | { readonly kind: 'decode'; readonly ref: StageRef }
  | { readonly kind: 'encode'; readonly ref: StageRef; readonly options: JsonObject }
  | { readonly kind: 'prepare'; readonly ref: StageRef; readonly options: JsonObject; readonly meta: DatasetMeta };

/** Everything a worker needs to process frames of one run; sent once per worker (see planBuffer). */
export interface ChainPlan {
  readonly id: string;
  /** Present when the source renders its frames in workers. */
  readonly render: { readonly ref: StageRef; readonly options: JsonObject; readonly meta: DatasetMeta } | null;
  readonly steps: readonly WorkerStep[];
  /** Codecs by id, for inserted decode steps (the frame says which codec it holds). */
  readonly codecs: Readonly<Record<string, StageRef>>;
  readonly statsSlots: number;
}

/**
 * One node of a task: a source frame (leaf) or a window of nodes. `ix[k]` is the node's index
 * after index-level operation k (the position in the series a step after that operation sees).
 */
export type TaskNode =
  | { readonly source: number; readonly ix: Readonly<Record<number, number>> }
  | { readonly children: readonly TaskNode[]; readonly complete: boolean; readonly ix: Readonly<Record<number, number>> };

export interface ChainTask {
  readonly planId: string;
  /** v8-serialized ChainPlan in shared memory: cloning the reference costs nothing. */
  readonly planBuffer: SharedArrayBuffer;
  readonly node: TaskNode;
  /** Source frames read on the main thread, by source index (absent when the source renders). */
  readonly frames: readonly Frame[];
}

export interface StepStats {
  framesIn: number;
  framesOut: number;
  /** Source frames discarded on purpose by this step. */
  droppedSource: number;
  bytesIn: number;
  bytesOut: number;
  busyMs: number;
}

export interface ChainResult {
  /** The output frame, or null when it was dropped on purpose. */
  readonly frame: Frame | null;
  /** Source frames the output frame stands for (after sums), for the run's frame accounting. */
  readonly represents: number;
  readonly stats: readonly StepStats[];
  readonly error: SerializedError | null;
}

export function emptyStats(): StepStats {
  return { framesIn: 0, framesOut: 0, droppedSource: 0, bytesIn: 0, bytesOut: 0, busyMs: 0 };
}

export function addStats(into: StepStats, from: StepStats): void {
  into.framesIn += from.framesIn;
  into.framesOut += from.framesOut;
  into.droppedSource += from.droppedSource;
  into.bytesIn += from.bytesIn;
  into.bytesOut += from.bytesOut;
  into.busyMs += from.busyMs;
}

/** Bytes a frame holds in whichever form it is. */
export function frameBytes(frame: Frame): number {
  return frame.pixels?.byteLength ?? frame.encoded?.bytes.byteLength ?? 0;
}

/** The buffers of frames that may be transferred (shared memory cannot be, and need not be). */
export function transferables(frames: readonly (Frame | null)[]): ArrayBuffer[] {
  const seen = new Set<ArrayBuffer>();
  for (const frame of frames) {
    const buffer = frame?.pixels?.buffer ?? frame?.encoded?.bytes.buffer;
    if (buffer instanceof ArrayBuffer && buffer.byteLength > 0) seen.add(buffer);
  }
  return [...seen];
}
