import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonObject, PixelArray } from '@beamstack/contract';
import { resolveSimulateOptions, simulateSource } from '@beamstack/source-simulate';
import { checkNxmx, openRendered, writeNpy } from '@beamstack/testkit';
import { describeInterop } from '@beamstack/testkit/vitest';
import { afterAll, expect, it } from 'vitest';
import { killWhen, runStack } from '@beamstack/testkit';

const root = mkdtempSync(join(tmpdir(), 'beamstack-nxmx-kill-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The simulated frames rendered directly (no pipeline), as the .npy check_nxmx compares with. */
async function expectedNpy(name: string, options: JsonObject): Promise<string> {
  const { meta, render } = await openRendered(simulateSource, resolveSimulateOptions(options));
  const frames = function* (): Generator<PixelArray> {
    for (let i = 0; i < meta.frameCount; i++) yield render(i);
  };
  const path = join(root, `${name}.npy`);
  writeNpy(path, meta.dtype, [meta.frameCount, meta.shape[0], meta.shape[1]], frames());
  return path;
}

function stackFile(name: string, simulate: JsonObject): string {
  const path = join(root, `${name}.yaml`);
  const stack = {
    name,
    description: 'simulate → bslz4 → resumable nxmx',
    stages: [{ use: 'simulate', with: simulate }, { use: 'bslz4' }, { use: 'nxmx', with: { prefix: 's', framesPerFile: 3, resume: true } }],
  };
  writeFileSync(path, JSON.stringify(stack));
  return path;
}

function expectValid(master: string, npy: string): void {
  const check = checkNxmx(master, ['--expect-npy', npy]);
  expect(check.report.errors).toEqual([]);
  expect(check.report.ok).toBe(true);
  expect(check.status).toBe(0);
}

const hidden = (dir: string): string[] => readdirSync(dir).filter((n) => n.startsWith('.'));

describeInterop('nxmx resume through the CLI: killed with SIGKILL, then run again', ['h5py', 'hdf5plugin', 'numpy'], () => {
  // A 4M detector makes the run slow enough (a few frames per second here) for the kill to land mid-run.
  const big = { detector: 'eiger-4m', frames: 12, seed: 3 };

  it('a killed run leaves complete data files and no master; the rerun writes only what is missing', async () => {
    const out = join(root, 'killed');
    const stack = stackFile('killed', big);
    expect(await killWhen(['run', stack, '--out', out, '--workers', '2', '--json'], () => existsSync(join(out, 's_data_000001.h5'))), 'the kill must land mid-run').toBe(true);
    expect(existsSync(join(out, 's_master.h5'))).toBe(false);

    const { status, summary } = runStack(stack, out);
    expect(summary.error).toBeNull();
    expect(status).toBe(0);
    expect(summary.frames.resumed).toBeGreaterThan(0);
    expect(summary.frames.resumed % 3).toBe(0); // whole data files only
    expect(summary.frames.out).toBeLessThan(12);
    expect(summary.frames.out + summary.frames.resumed).toBe(12);
    expect(summary.outputs.map((o) => [o.path.slice(out.length + 1), o.role])).toEqual([
      ['s_data_000001.h5', 'data'],
      ['s_data_000002.h5', 'data'],
      ['s_data_000003.h5', 'data'],
      ['s_data_000004.h5', 'data'],
      ['s_master.h5', 'master'],
    ]);
    expect(hidden(out)).toEqual([]); // the killed run's temporaries are gone
    expectValid(join(out, 's_master.h5'), await expectedNpy('big', big));
  });

  it('resuming into an empty folder writes everything; a damaged file or other input is never kept', async () => {
    const small = { detector: 'small', frames: 12, seed: 5 };
    const out = join(root, 'fresh');
    const stack = stackFile('fresh', small);
    const first = runStack(stack, out);
    expect(first.summary.error).toBeNull();
    expect(first.summary.frames).toMatchObject({ in: 12, out: 12, resumed: 0 });
    expect(first.summary.warnings).toEqual([]);
    const npy = await expectedNpy('small', small);
    expectValid(join(out, 's_master.h5'), npy);

    // A kept file damaged afterwards is found, named in a warning and written again.
    const damaged = join(out, 's_data_000002.h5');
    truncateSync(damaged, Math.floor(statSync(damaged).size / 2));
    const again = runStack(stack, out);
    expect(again.summary.error).toBeNull();
    expect(again.summary.frames).toMatchObject({ out: 3, resumed: 9 });
    expect(again.summary.warnings).toEqual([expect.stringMatching(/s_data_000002\.h5 cannot be kept \(unreadable: .*truncated/)]);
    expectValid(join(out, 's_master.h5'), npy);

    const reseeded = { ...small, seed: 6 };
    const second = runStack(stackFile('reseeded', reseeded), out);
    expect(second.summary.error).toBeNull();
    expect(second.summary.frames).toMatchObject({ out: 12, resumed: 0 });
    expect(second.summary.warnings).toEqual([1, 2, 3, 4].map((k) => expect.stringMatching(new RegExp(`s_data_00000${k}\\.h5 cannot be kept \\(.*run key differs`))));
    expectValid(join(out, 's_master.h5'), await expectedNpy('reseeded', reseeded));

    // Without resume, existing output is still refused.
    const plainStack = join(root, 'plain.yaml');
    writeFileSync(plainStack, JSON.stringify({ name: 'plain', description: 'no resume', stages: [{ use: 'simulate', with: small }, { use: 'bslz4' }, { use: 'nxmx', with: { prefix: 's', framesPerFile: 3 } }] }));
    const plain = runStack(plainStack, out);
    expect(plain.status).toBe(1);
    expect(JSON.stringify(plain.summary.error)).toMatch(/already exists; not replacing it/);
  });
});
