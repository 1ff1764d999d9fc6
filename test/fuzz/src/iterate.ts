import { Counter, type SliceOptions } from './slice.js';

/** How one input fared: read or refused as the contract allows, or a failure (built on demand). */
export type StepOutcome<F> =
  | { readonly kind: 'ok'; readonly slowOnce?: boolean }
  | { readonly kind: 'refused'; readonly slowOnce?: boolean }
  | { readonly kind: 'failure'; readonly slowOnce?: boolean; readonly failure: () => F };

/** One input that broke the contract, with everything needed to rebuild and report it. */
export interface FuzzFinding<I> {
  readonly seed: number;
  readonly iteration: number;
  /** One line: what broke the contract. */
  readonly problem: string;
  /** The problem with numbers blanked, to group failures of one kind. */
  readonly signature: string;
  readonly error: ErrorRecord | null;
  readonly ms: number;
  readonly input: I;
}

export interface IterationCounts {
  iterations: number;
  ok: number;
  refused: number;
  failures: number;
  /** Inputs that once exceeded the hang bound but were fast when timed again (machine noise). */
  slowOnce: number;
  ms: number;
}

/**
 * The fuzzing loop every target shares: runs `step` for each iteration of the slice, counts the
 * outcomes, reports failures, keeps the live counters up to date and stops at the deadline.
 */
export function iterate<F>(options: SliceOptions<F>, step: (iteration: number) => StepOutcome<F>): IterationCounts {
  const counts: IterationCounts = { iterations: 0, ok: 0, refused: 0, failures: 0, slowOnce: 0, ms: 0 };
  const started = Date.now();
  const start = options.start ?? 0;
  const end = start + options.iterations;
  const counters = options.counters;
  for (let i = start; i < end; i++) {
    if ((i & 63) === 0 && options.deadline !== undefined && Date.now() >= options.deadline) break;
    if (counters) Atomics.store(counters, Counter.Current, i);
    const outcome = step(i);
    counts.iterations++;
    if (outcome.slowOnce) counts.slowOnce++;
    if (outcome.kind === 'ok') counts.ok++;
    else if (outcome.kind === 'refused') counts.refused++;
    else {
      counts.failures++;
      options.onFailure?.(outcome.failure());
    }
    if (counters) {
      counters[Counter.Done] = counts.iterations;
      counters[Counter.Ok] = counts.ok;
      counters[Counter.Refused] = counts.refused;
      counters[Counter.Failures] = counts.failures;
      counters[Counter.SlowOnce] = counts.slowOnce;
    }
  }
  counts.ms = Date.now() - started;
  return counts;
}

/** An error as plain data, to cross threads and go into reproducers. */
export interface ErrorRecord {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

export function errorRecord(error: unknown): ErrorRecord | null {
  return error instanceof Error ? { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) } : null;
}
