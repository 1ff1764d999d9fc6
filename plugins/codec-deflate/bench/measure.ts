import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Median wall time of `reps` runs after `warmup` runs, as MB/s of `bytes` (MB = 1e6 bytes). */
export function throughput(bytes: number, run: () => void, reps = 15, warmup = 3): number {
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

/**
 * Runs a Python timing script on the same frame (passed as a raw file, argv[1]) and returns the
 * JSON object it prints, or null when Debian's python (with its modules) is not there.
 */
export function pythonTimings<T>(frameBytes: Uint8Array, script: string): T | null {
  const dir = mkdtempSync(join(tmpdir(), 'beamstack-bench-'));
  try {
    const path = join(dir, 'frame.raw');
    writeFileSync(path, frameBytes);
    const run = spawnSync('/usr/bin/python3', ['-', path], { input: script, encoding: 'utf8', timeout: 600_000 });
    if (run.status !== 0) {
      console.warn(`native reference skipped: ${run.stderr.trim().split('\n').pop() ?? run.status}`);
      return null;
    }
    return JSON.parse(run.stdout.trim().split('\n').pop()!) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
