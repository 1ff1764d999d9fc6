/**
 * Median of `reps` runs after `warmup` runs, as MB/s of `bytes` (MB = 1e6 bytes), both by wall
 * time and by this process's CPU time. On the shared 2-core machine other jobs steal cycles:
 * the CPU-time figure is what one core does when it runs, the wall figure what we got.
 */
export interface Speed {
  readonly wall: number;
  readonly cpu: number;
}

export function throughput(bytes: number, run: () => void, reps = 21, warmup = 5): Speed {
  for (let i = 0; i < warmup; i++) run();
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
  const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1]!;
  return { wall: bytes / 1e3 / median(walls), cpu: bytes / 1e3 / Math.max(median(cpus), 1e-3) };
}

export function show(speed: Speed): string {
  return `${speed.wall.toFixed(0)} (cpu ${speed.cpu.toFixed(0)})`;
}
