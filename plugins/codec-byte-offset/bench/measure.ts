export interface Throughput {
  /** MB/s at the median run time. */
  readonly median: number;
  /** MB/s at the fastest run: what the code does when the shared machine leaves it alone. */
  readonly best: number;
}

/** Wall time of `reps` runs after `warmup` runs, as MB/s of `bytes` (MB = 1e6 bytes). */
export function throughput(bytes: number, run: () => void, reps = 21, warmup = 5): Throughput {
  for (let i = 0; i < warmup; i++) run();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: bytes / 1e3 / times[times.length >> 1]!, best: bytes / 1e3 / times[0]! };
}

export function formatThroughput(t: Throughput): string {
  return `${t.median.toFixed(0)} (best ${t.best.toFixed(0)}) MB/s`;
}
