/** Speeds in MB/s of the data a run processes (MB = 1e6 bytes). */
export interface Throughput {
  /** At the median wall time: what we got. */
  readonly median: number;
  /** At the fastest wall time: what the code does when the shared machine leaves it alone. */
  readonly best: number;
  /**
   * At the median CPU time of this process: what one core does while it runs (other jobs on a
   * shared machine steal wall time, not CPU time).
   */
  readonly cpu: number;
}

export interface ThroughputOptions {
  /** Timed runs (default 21). */
  readonly reps?: number;
  /** Untimed runs first, to warm up the JIT and the caches (default 5). */
  readonly warmup?: number;
}

/** Times `run` (`reps` runs after `warmup` runs) and gives the speeds for `bytes` per run. */
export function measureThroughput(bytes: number, run: () => void, options: ThroughputOptions = {}): Throughput {
  const reps = options.reps ?? 21;
  for (let i = 0; i < (options.warmup ?? 5); i++) run();
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < reps; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    run();
    walls.push(performance.now() - start);
    const cpu = process.cpuUsage(cpuStart);
    cpus.push((cpu.user + cpu.system) / 1000);
  }
  const sorted = (values: number[]): number[] => values.sort((a, b) => a - b);
  const median = (values: number[]): number => sorted(values)[values.length >> 1]!;
  return {
    median: bytes / 1e3 / median(walls),
    best: bytes / 1e3 / sorted(walls)[0]!,
    cpu: bytes / 1e3 / Math.max(median(cpus), 1e-3),
  };
}

/** `median (best B) MB/s`. */
export function formatThroughput(t: Throughput): string {
  return `${t.median.toFixed(0)} (best ${t.best.toFixed(0)}) MB/s`;
}

/** `median (cpu C)`: wall and CPU-time speeds, MB/s. */
export function formatWallCpu(t: Throughput): string {
  return `${t.median.toFixed(0)} (cpu ${t.cpu.toFixed(0)})`;
}
