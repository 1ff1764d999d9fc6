import { deserialize } from 'node:v8';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { ChainExecutor } from './chain-executor.js';
import { transferables, type ChainPlan, type ChainResult, type ChainTask } from './task.js';

// A few recent plans per thread: a long-lived pool may serve several runs in turn.
const MAX_PLANS = 4;
const executors = new Map<string, Promise<ChainExecutor>>();

function executorFor(task: ChainTask): Promise<ChainExecutor> {
  let executor = executors.get(task.planId);
  if (!executor) {
    const plan = deserialize(Buffer.from(task.planBuffer)) as ChainPlan;
    executor = ChainExecutor.compile(plan);
    executors.set(task.planId, executor);
    if (executors.size > MAX_PLANS) executors.delete(executors.keys().next().value!);
  }
  return executor;
}

/** Pool entry point: one task = the frames behind one output frame, through the whole chain. */
export default async function runChainTask(task: ChainTask): Promise<unknown> {
  let result: ChainResult;
  try {
    result = (await executorFor(task)).run(task.node, task.frames);
  } catch (error) {
    // Compiling the plan failed (a plugin module would not load): report it like a stage error.
    const { serializeError } = await import('@beamstack/contract');
    result = { frame: null, represents: 0, stats: [], error: serializeError(error) };
  }
  // Send the output's buffers back by transfer, never by copy.
  const movable = { [transferableSymbol]: transferables([result.frame]), [valueSymbol]: result };
  return move(movable as unknown as Parameters<typeof move>[0]);
}
