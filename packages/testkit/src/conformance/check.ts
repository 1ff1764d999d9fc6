/**
 * One named conformance check. `run` throws (any Error) when the check fails; it does not depend
 * on a test framework, so vitest, node:test, mocha or a plain loop can run it.
 */
export interface ConformanceCheck {
  readonly name: string;
  run(): void | Promise<void>;
}

/** Thrown by failing checks; the message says what was expected and how to reproduce it. */
export class ConformanceError extends Error {
  override readonly name = 'ConformanceError';
}

export function fail(message: string, cause?: unknown): never {
  throw new ConformanceError(message, cause === undefined ? undefined : { cause });
}

export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly error?: unknown;
}

/** Runs checks one after another (for scripts and frameworks without a per-test hook). */
export async function runChecks(checks: readonly ConformanceCheck[]): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    try {
      await check.run();
      results.push({ name: check.name, ok: true });
    } catch (error) {
      results.push({ name: check.name, ok: false, error });
    }
  }
  return results;
}
