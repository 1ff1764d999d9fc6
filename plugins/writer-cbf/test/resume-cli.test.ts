import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonObject } from '@beamstack/contract';
import { checkCbf, tempDir } from '@beamstack/testkit';
import { describeInterop } from '@beamstack/testkit/vitest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { killWhen, runStack } from '@beamstack/testkit';
import { writeExpectedNpy } from './helpers.js';

describeInterop('cbf-series resume through the CLI: killed with SIGKILL, then run again', ['fabio', 'numpy'], () => {
  let root: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir: root, cleanup } = await tempDir()));
  afterAll(() => cleanup());

  const stackFile = (name: string, simulate: JsonObject): string => {
    const path = join(root, `${name}.json`);
    writeFileSync(path, JSON.stringify({ name, description: 'simulate → resumable cbf-series', stages: [{ use: 'simulate', with: simulate }, { use: 'cbf-series', with: { prefix: 'c', resume: true } }] }));
    return path;
  };
  const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `c_${String(i + 1).padStart(6, '0')}.cbf`);

  it('a killed run leaves finished frames but never the first; the rerun writes only what is missing', async () => {
    // A 4M detector makes the run slow enough (a few frames per second here) for the kill to land mid-run.
    const options = { detector: 'eiger-4m', frames: 12, seed: 3 };
    const out = join(root, 'killed');
    const stack = stackFile('killed', options);
    expect(await killWhen(['run', stack, '--out', out, '--workers', '2', '--json'], () => existsSync(join(out, 'c_000003.cbf'))), 'the kill must land mid-run').toBe(true);
    const left = readdirSync(out).filter((n) => !n.startsWith('.'));
    expect(left.length).toBeGreaterThanOrEqual(2);
    expect(left.length).toBeLessThan(12);
    expect(left).not.toContain('c_000001.cbf'); // the first frame appears only when the series is complete

    const { status, summary } = runStack(stack, out);
    expect(summary.error).toBeNull();
    expect(status).toBe(0);
    expect(summary.frames.resumed).toBeGreaterThan(0);
    expect(summary.frames.out).toBeLessThan(12);
    expect(summary.frames.out + summary.frames.resumed).toBe(12);
    expect(summary.outputs.map((o) => o.path.slice(out.length + 1))).toEqual(names(12));
    expect(readdirSync(out).sort()).toEqual(names(12)); // no temporaries left

    const npy = join(root, 'killed.npy');
    await writeExpectedNpy(npy, options);
    const check = checkCbf(names(12).map((n) => join(out, n)), ['--expect-npy', npy]);
    expect(check.report.errors).toEqual([]);
    expect(check.report.ok).toBe(true);
    expect(check.status).toBe(0);
  });

  it('resuming into an empty folder writes everything; without resume existing files are refused', async () => {
    const options = { detector: 'small', frames: 6, seed: 5 };
    const out = join(root, 'fresh');
    const first = runStack(stackFile('fresh', options), out);
    expect(first.summary.error).toBeNull();
    expect(first.summary.frames).toMatchObject({ in: 6, out: 6, resumed: 0 });
    const npy = join(root, 'fresh.npy');
    await writeExpectedNpy(npy, options);
    const check = checkCbf(names(6).map((n) => join(out, n)), ['--expect-npy', npy]);
    expect(check.report.errors).toEqual([]);
    expect(check.status).toBe(0);

    const again = runStack(stackFile('fresh', options), out);
    expect(again.summary.frames).toMatchObject({ out: 0, resumed: 6 });

    const plain = join(root, 'plain.json');
    writeFileSync(plain, JSON.stringify({ name: 'plain', description: 'no resume', stages: [{ use: 'simulate', with: options }, { use: 'cbf-series', with: { prefix: 'c' } }] }));
    const refused = runStack(plain, out);
    expect(refused.status).toBe(1);
    expect(JSON.stringify(refused.summary.error)).toMatch(/already exists; not replacing it/);
  });
});
