import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BeamstackHost, type PreparedStack, type RunSummary } from '@beamstack/host';
import { checkNxmx, writeNpy } from '@beamstack/testkit';
import { itInterop } from '@beamstack/testkit/vitest';
import { REPO_ROOT } from './workspace.js';
import { simulatedFrames } from './simulated.js';

/*
 * The testkit README's example: a third-party codec package, installed in a folder outside the
 * workspace with its own node_modules, runs its own conformance test with node:test, loads
 * through the host's registry and encodes and decodes frames by id in the worker pool.
 */
const EXAMPLE = join(REPO_ROOT, 'packages', 'testkit', 'examples', 'codec-delta8');
const SMALL = { detector: 'small', frames: 4, seed: 5, distance: 0.06 } as const;

describe('third-party example codec (delta8) from outside the workspace', () => {
  let root: string;
  let pluginDir: string;
  let host: BeamstackHost;
  let prepared: PreparedStack;
  let summary: RunSummary;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'beamstack-delta8-'));
    pluginDir = join(root, 'site-plugins', 'beamstack-plugin-codec-delta8');
    await cp(EXAMPLE, pluginDir, { recursive: true });
    // What `npm install` would give the package: its dependencies under its own node_modules.
    await mkdir(join(pluginDir, 'node_modules', '@beamstack'), { recursive: true });
    for (const name of ['contract', 'testkit']) {
      await symlink(join(REPO_ROOT, 'packages', name), join(pluginDir, 'node_modules', '@beamstack', name), 'dir');
    }
    const stack = join(root, 'site.yaml');
    await writeFile(
      stack,
      ['plugins: [./site-plugins/beamstack-plugin-codec-delta8]', 'stages:', '  - use: simulate', `    with: ${JSON.stringify(SMALL)}`, '  - use: delta8', '  - use: nxmx', '    with: { prefix: delta }', ''].join('\n'),
    );
    host = new BeamstackHost({ workers: 2 });
    prepared = await host.prepare(stack, { cwd: REPO_ROOT, envPath: '' });
    summary = await host.run(prepared, { outDir: join(root, 'out') });
  });

  afterAll(async () => {
    await host?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("passes its own conformance test under node:test, with only its own node_modules", () => {
    const r = spawnSync(process.execPath, ['--test'], { cwd: pluginDir, encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr + r.stdout).toMatch(/# fail 0/);
    const passed = Number(/# pass (\d+)/.exec(r.stdout)?.[1] ?? 0);
    expect(passed).toBeGreaterThan(50);
    expect(r.status).toBe(0);
  });

  it('is loaded from its folder by the host registry, by path', async () => {
    const entry = prepared.registry.find('delta8');
    expect(entry?.stage.kind).toBe('codec');
    expect(entry?.plugin).toMatchObject({ name: 'beamstack-plugin-codec-delta8', version: '1.0.0', origin: 'path', dir: await realpath(pluginDir) });
  });

  it('encodes by id in the pool, and the host decodes by id before a writer that cannot store it', () => {
    expect(summary.error).toBeNull();
    expect(summary.frames).toMatchObject({ in: 4, out: 4, dropped: 0 });
    const plugin = 'beamstack-plugin-codec-delta8@1.0.0';
    const encode = summary.stages.find((s) => s.label === 'stages[1] delta8');
    const decode = summary.stages.find((s) => s.kind === 'decode');
    expect(encode).toMatchObject({ plugin, inserted: false, framesIn: 4, framesOut: 4 });
    expect(decode).toMatchObject({ plugin, stage: 'delta8', inserted: true, framesIn: 4, framesOut: 4 });
    // delta8 keeps the size: what went in as pixels came out encoded byte for byte.
    expect(encode!.bytesOut).toBe(summary.bytes.pixelsIn);
  });

  itInterop(['h5py', 'hdf5plugin', 'numpy'])('wrote exactly the simulated pixels (check_nxmx against frames rendered without the host)', async () => {
    const { meta, frames } = await simulatedFrames(SMALL);
    const npy = join(root, 'expected.npy');
    writeNpy(npy, meta.dtype, [frames.length, ...meta.shape], frames);
    const result = checkNxmx(join(root, 'out', 'delta_master.h5'), ['--expect-npy', npy]);
    expect(result.report.errors).toEqual([]);
    expect(result.report.ok).toBe(true);
  });
});
