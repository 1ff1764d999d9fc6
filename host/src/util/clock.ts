/** Time source injected into the runner, so summaries can be tested without real time. */
export interface Clock {
  /** Monotonic milliseconds (for durations). */
  now(): number;
  /** Wall-clock time (for provenance records). */
  date(): Date;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  date: () => new Date(),
};
