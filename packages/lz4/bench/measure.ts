/** Median wall time of `reps` runs after `warmup` runs, as MB/s of `bytes` (MB = 1e6 bytes). */
export function throughput(bytes: number, run: () => void, reps = 21, warmup = 5): number {
  for (let i = 0; i < warmup; i++) run();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return bytes / 1e3 / times[times.length >> 1]!;
}
