/** Options every fuzz target understands (`pnpm fuzz <target> --help`). */
export interface FuzzRunOptions {
  readonly iterations: number;
  readonly seed: number;
  /** Time budget per fuzzed unit (codec), in seconds; undefined = none. */
  readonly seconds: number | undefined;
  /** Restrict to these ids (codecs, …); empty = all. */
  readonly only: readonly string[];
  /** Where reproducers of failures go. */
  readonly outDir: string;
  /** A single call slower than this is a failure (ms). */
  readonly hangMs: number;
  /** Extra plugin folders to load (a third party's own codec). */
  readonly plugins: readonly string[];
  readonly json: boolean;
}

/** A fuzz target: `pnpm fuzz codecs`, later `pnpm fuzz cbf`. Resolves to true when nothing failed. */
export interface FuzzTarget {
  readonly name: string;
  readonly summary: string;
  run(options: FuzzRunOptions): Promise<boolean>;
}

/** A mistake in what the user asked for (unknown codec, bad option): reported without a stack. */
export class FuzzUsageError extends Error {}
