import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { JsonObject } from '@beamstack/contract';
import { BeamstackHost, type RunSummary } from '@beamstack/host';

const PLUGINS = resolve(import.meta.dirname, '..', '..', 'plugins');
const BENCH_PLUGINS = [join(PLUGINS, 'frame-cycle'), join(PLUGINS, 'discard-pixels')];

export interface StageSpec {
  readonly use: string;
  readonly with: JsonObject;
}

export interface TimedRun {
  readonly summary: RunSummary;
  /** Process CPU seconds (all threads) per wall second: below ~workers, other load took CPU time. */
  readonly cpuPerWall: number;
}

export interface Measured {
  /** The run of median duration among `reps` runs of the full size. */
  readonly run: TimedRun;
  /** The run of median duration among `reps` runs of a tiny size: what a run costs besides its frames. */
  readonly small: TimedRun;
}

/** A host with a fixed worker count, running stacks given as stage lists into folders under `dir`. */
export class BenchHost {
  private readonly host: BeamstackHost;
  private runs = 0;

  constructor(readonly workers: number, private readonly dir: string) {
    this.host = new BeamstackHost({ workers });
  }

  /**
   * Runs the stages; the output folder is removed afterwards unless `keep` names it. `checksums`
   * false skips the host's SHA-256 of the input files (on by default, as in the CLI).
   */
  async run(name: string, stages: readonly StageSpec[], keep?: string, checksums = true): Promise<TimedRun> {
    const id = `${name}-w${this.workers}-${this.runs++}`;
    const file = { label: id, dir: this.dir, name: id, description: name, plugins: BENCH_PLUGINS, workers: null, stages };
    const prepared = await this.host.prepare(file);
    const outDir = keep ?? join(this.dir, `out-${id}`);
    const cpu = process.cpuUsage();
    const summary = await this.host.run(prepared, { outDir, checksumInputs: checksums });
    const used = process.cpuUsage(cpu);
    if (!keep) await rm(outDir, { recursive: true, force: true });
    if (!summary.ok) throw new Error(`bench stack '${name}' (${this.workers} workers) failed: ${summary.error?.code} ${summary.error?.message}`);
    return { summary, cpuPerWall: (used.user + used.system) / 1000 / summary.durationMs };
  }

  /**
   * One warm-up run (threads started, modules and WebAssembly compiled, files in the page cache),
   * then `reps` runs of `full` and of `small` output frames, interleaved so slow phases of a shared
   * machine hit both alike; the runs of median duration are returned.
   */
  async measure(name: string, build: (frames: number) => readonly StageSpec[], full: number, small: number, reps: number, checksums = true): Promise<Measured> {
    await this.run(`${name}-warm`, build(Math.min(full, this.workers * 3)), undefined, checksums);
    const fulls: TimedRun[] = [];
    const smalls: TimedRun[] = [];
    for (let i = 0; i < reps; i++) {
      fulls.push(await this.run(name, build(full), undefined, checksums));
      smalls.push(await this.run(`${name}-small`, build(small), undefined, checksums));
    }
    return { run: median(fulls), small: median(smalls) };
  }

  close(): Promise<void> {
    return this.host.close();
  }
}

function median(runs: TimedRun[]): TimedRun {
  return [...runs].sort((a, b) => a.summary.durationMs - b.summary.durationMs)[Math.floor(runs.length / 2)]!;
}
