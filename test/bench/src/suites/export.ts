import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Reporter } from '../report.js';
import type { SuiteOptions } from '../suite.js';

const CLI = resolve(import.meta.dirname, '..', '..', '..', '..', 'host', 'dist', 'cli', 'main.js');

function cli(args: readonly string[]): { ms: number; summary: { frames: { in: number }; bytes: { pixelsIn: number } } } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args, '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`beamstack ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const last = r.stdout.trim().split('\n').pop()!;
  return { ms, summary: JSON.parse(last) as { frames: { in: number }; bytes: { pixelsIn: number } } };
}

/**
 * What checksumming costs an export: the same conversion (4M frames, bin 2, bslz4, 2 workers) as a
 * plain `convert` without any hashing and as an `export` (input checksums, output checksums hashed
 * in worker threads, SHA256SUMS, manifest). Whole-command wall time, median of the repetitions.
 */
export async function exportSuite(report: Reporter, options: SuiteOptions): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'beamstack-bench-export-'));
  try {
    const frames = options.frames ?? 100;
    const reps = options.reps ?? 3;
    const stack = join(dir, 'make.yaml');
    await writeFile(stack, `stages:\n  - use: simulate\n    with: { detector: eiger-4m, frames: ${frames}, seed: 3 }\n  - use: bslz4\n  - use: nxmx\n    with: { prefix: input }\n`);
    cli(['run', stack, '--out', join(dir, 'in')]);
    const input = join(dir, 'in', 'input_master.h5');
    const times: Record<string, number[]> = { convert: [], export: [] };
    // A typical export: bin 2, bslz4, 100 frames per data file on both sides.
    let pixels = 0;
    for (let i = 0; i < reps; i++) {
      const plain = cli(['convert', input, join(dir, `c${i}`, 'out'), '--bin', '2', '--frames-per-file', '100', '--no-checksums', '--workers', '2']);
      times.convert!.push(plain.ms);
      pixels = plain.summary.bytes.pixelsIn;
      const bundle = cli(['export', input, join(dir, `e${i}`), '--bin', '2', '--workers', '2']);
      times.export!.push(bundle.ms);
      await rm(join(dir, `c${i}`), { recursive: true, force: true });
      await rm(join(dir, `e${i}`), { recursive: true, force: true });
    }
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const plainMbps = pixels / 1e6 / (median(times.convert!) / 1000);
    const exportMbps = pixels / 1e6 / (median(times.export!) / 1000);
    report.add({ suite: 'export', case: `4M x${frames} bin 2 → bslz4, 2 workers, no hashing (convert --no-checksums)`, mbps: plainMbps });
    report.add({ suite: 'export', case: `4M x${frames} bin 2 → bslz4, 2 workers, export with all checksums`, mbps: exportMbps });
    report.add({ suite: 'export', case: 'hashing overhead (1 - export / no hashing), target <= 0.10', mbps: 0, overhead: 1 - exportMbps / plainMbps });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
