import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkNxmx, run } from '@beamstack/testkit';
import { describeInterop } from '@beamstack/testkit/vitest';
import { expectedSimulated, tempDir } from './support.js';

const CLI = join(import.meta.dirname, '..', '..', 'host', 'dist', 'cli', 'main.js');

describeInterop('the default stack, end to end through the CLI and real worker threads', ['h5py', 'hdf5plugin', 'numpy'], () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let summary: { ok: boolean; workers: number; frames: Record<string, number>; outputs: { path: string; role: string }[]; stages: { label: string; framesIn: number; framesOut: number }[] };

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    // exactly what `pnpm start` runs, with the output in a temporary folder
    const r = run(process.execPath, [CLI, 'run', '--out', join(dir, 'out'), '--workers', '2', '--json'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    summary = JSON.parse(r.stdout) as typeof summary;
  });
  afterAll(() => cleanup());

  it('counts 20 frames in and 20 out through simulate → bslz4 → nxmx', () => {
    expect(summary.ok).toBe(true);
    expect(summary.workers).toBe(2);
    expect(summary.frames).toMatchObject({ in: 20, out: 20, dropped: 0 });
    expect(summary.stages.map((s) => [s.label, s.framesOut])).toEqual([
      ['stages[0] simulate', 20],
      ['stages[1] bslz4', 20],
      ['stages[2] nxmx', 20],
    ]);
    expect(summary.outputs.map((o) => o.path).sort()).toEqual([join(dir, 'out', 'series_data_000001.h5'), join(dir, 'out', 'series_master.h5')]);
  });

  it('passes check_nxmx.py with every frame equal to the simulator rendered independently', async () => {
    const npy = join(dir, 'expected.npy');
    await expectedSimulated(npy, { detector: 'eiger-4m', frames: 20, seed: 1 });
    const result = checkNxmx(join(dir, 'out', 'series_master.h5'), ['--expect-npy', npy]);
    expect(result.report.errors).toEqual([]);
    expect(result.report.warnings).toEqual([]);
    expect(result.report).toMatchObject({ ok: true, frames: 20, frames_decoded: 20, compared_expected: true });
    expect(result.status).toBe(0);
  });

  it('is read by DIALS (dxtbx) with the same geometry and frames', () => {
    const result = checkNxmx(join(dir, 'out', 'series_master.h5'), ['--dxtbx', '--max-frames', '3']);
    expect(result.report.errors).toEqual([]);
    expect(result.report.dxtbx).toMatchObject({ num_images: 20, image_size: [2070, 2167], frames_compared: 3 });
  });

  it('leaves no temporary files behind', () => {
    expect(existsSync(join(dir, 'out'))).toBe(true);
    const r = run('ls', ['-A', join(dir, 'out')]);
    expect(r.stdout.trim().split('\n').sort()).toEqual(['series_data_000001.h5', 'series_master.h5']);
  });
});

describe('the default stack file', () => {
  it('validates', () => {
    const r = run(process.execPath, [CLI, 'validate', join(import.meta.dirname, '..', '..', 'host', 'stacks', 'default.yaml')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/stages\[0\] {2}simulate \(source, @beamstack\/source-simulate@/);
  });
});
