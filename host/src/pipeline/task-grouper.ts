import { BeamstackError, ErrorCodes } from '@beamstack/contract';
import type { TaskNode } from '../pool/task.js';
import { stageError } from '../util/stage-error.js';
import type { IndexOp } from './plan.js';

type MutableNode =
  | { source: number; ix: Record<number, number> }
  | { children: MutableNode[]; complete: boolean; ix: Record<number, number> };

export interface GrouperEvents {
  /** An item entered an index operation's stage (for its frame-in counter). */
  seen(slot: number): void;
  /** An item passed a selection. */
  kept(slot: number): void;
  /** An item left a selection on purpose, standing for `sourceFrames` source frames. */
  dropped(slot: number, sourceFrames: number): void;
}

/**
 * Turns source indices 0..n−1 into tasks, one per output frame, by applying the index-level
 * operations in chain order: selections (renumbering the survivors) and windows (grouping them).
 * Runs on the main thread, so unselected frames are never read, decoded or sent to a worker.
 */
export class TaskGrouper {
  private readonly counters: number[];
  private readonly kept: number[];
  private readonly pending: MutableNode[][];
  private readonly out: MutableNode[] = [];

  constructor(
    private readonly ops: readonly IndexOp[],
    private readonly events: GrouperEvents,
  ) {
    this.counters = ops.map(() => 0);
    this.kept = ops.map(() => 0);
    this.pending = ops.map(() => []);
  }

  *tasks(sourceCount: number): Generator<TaskNode> {
    for (let i = 0; i < sourceCount; i++) {
      this.push({ source: i, ix: {} }, 0);
      yield* this.out.splice(0);
    }
    for (let k = 0; k < this.ops.length; k++) this.flush(k);
    yield* this.out.splice(0);
  }

  private push(node: MutableNode, k: number): void {
    if (k === this.ops.length) {
      this.out.push(node);
      return;
    }
    const op = this.ops[k]!;
    if (op.kind === 'select') {
      this.events.seen(op.slot);
      const index = this.counters[k]!++;
      let keep: boolean;
      try {
        keep = op.stage.select!(index, op.meta, { options: op.options, baseDir: op.baseDir });
      } catch (error) {
        throw stageError(error, { plugin: op.plugin, stage: `${op.stage.id} (${op.label})`, hook: 'select', frame: index }, ErrorCodes.OPTIONS);
      }
      if (typeof keep !== 'boolean') {
        throw new BeamstackError(ErrorCodes.STAGE_FAILED, `select() returned ${typeof keep}, not a boolean`, { plugin: op.plugin, stage: `${op.stage.id} (${op.label})`, hook: 'select', frame: index });
      }
      if (!keep) {
        this.events.dropped(op.slot, leaves(node));
        return;
      }
      this.events.kept(op.slot);
      node.ix[k] = this.kept[k]!++;
      this.push(node, k + 1);
      return;
    }
    const group = this.pending[k]!;
    group.push(node);
    if (group.length === op.size) this.emitGroup(k, true);
  }

  private flush(k: number): void {
    const op = this.ops[k]!;
    if (op.kind === 'window' && this.pending[k]!.length > 0) this.emitGroup(k, false);
  }

  private emitGroup(k: number, complete: boolean): void {
    const children = this.pending[k]!.splice(0);
    const node: MutableNode = { children, complete, ix: { [k]: this.counters[k]!++ } };
    this.push(node, k + 1);
  }
}

export function leaves(node: TaskNode): number {
  return 'source' in node ? 1 : node.children.reduce((n, c) => n + leaves(c), 0);
}

export function sourceIndices(node: TaskNode, into: number[] = []): number[] {
  if ('source' in node) into.push(node.source);
  else for (const child of node.children) sourceIndices(child, into);
  return into;
}
