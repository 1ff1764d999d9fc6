import { cp, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ErrorCodes, type PixelArray } from '@beamstack/contract';
import { BeamstackHost } from '@beamstack/host';
import { checkNxmx } from '@beamstack/testkit';
import { describeInterop } from '@beamstack/testkit/vitest';
import { expectedSimulated, tempDir } from './support.js';

const HERE = import.meta.dirname;
const EXPLODE = join(HERE, '..', '..', 'host', 'test', 'fixtures', 'plugins', 'transforms');
const SMALL = { detector: 'small', frames: 6, seed: 3, distance: 0.06 } as const;

describeInterop('plugins from outside the workspace, and failures, with the real writer', ['h5py', 'hdf5plugin', 'numpy'], () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let host: BeamstackHost;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    host = new BeamstackHost({ workers: 2 });
    // A site's own plugin folder, somewhere under /tmp: not in the workspace, not in node_modules.
    await cp(join(HERE, 'plugins', 'beamstack-plugin-clip'), join(dir, 'site-plugins', 'clip'), { recursive: true });
  });
  afterAll(async () => {
    await host.close();
    await cleanup();
  });

  it('loads a plugin folder named in the stack file and runs its stage in the worker pool', async () => {
    const stack = join(dir, 'site.yaml');
    await writeFile(
      stack,
      ['plugins: [./site-plugins/clip]', 'stages:', `  - use: simulate`, `    with: ${JSON.stringify(SMALL)}`, '  - use: clip', '    with: { ceiling: 7 }', '  - use: bslz4', '  - use: nxmx', '    with: { prefix: clipped }', ''].join('\n'),
    );
    const prepared = await host.prepare(stack);
    expect(prepared.stack.stages[1]!.plugin).toMatchObject({ name: 'beamstack-plugin-transform-clip', version: '0.2.0', origin: 'path' });
    const summary = await host.run(prepared, { outDir: join(dir, 'out') });
    expect(summary.error).toBeNull();
    expect(summary.frames).toMatchObject({ in: 6, out: 6 });

    const npy = join(dir, 'clipped.npy');
    const clip = (pixels: PixelArray): PixelArray => pixels.map((v) => (v === 0xffffffff ? v : Math.min(v, 7)));
    await expectedSimulated(npy, SMALL, clip);
    const result = checkNxmx(join(dir, 'out', 'clipped_master.h5'), ['--expect-npy', npy]);
    expect(result.report.errors).toEqual([]);
    expect(result.report.ok).toBe(true);
  });

  it('reports a throwing transform with plugin@version, stage and frame, and leaves no file that looks complete', async () => {
    const stack = join(dir, 'boom.yaml');
    await writeFile(stack, ['plugins: [' + EXPLODE + ']', 'stages:', '  - use: simulate', `    with: ${JSON.stringify(SMALL)}`, '  - use: explode', '    with: { at: 4 }', '  - use: bslz4', '  - use: nxmx', ''].join('\n'));
    const out = join(dir, 'boom-out');
    const summary = await host.run(await host.prepare(stack), { outDir: out });
    expect(summary.ok).toBe(false);
    expect(summary.error).toMatchObject({
      code: ErrorCodes.STAGE_FAILED,
      context: { plugin: 'beamstack-plugin-transforms-test@0.3.1', stage: 'explode', hook: 'apply', frame: 4 },
    });
    const left = await readdir(out).catch(() => []);
    expect(left).toEqual([]);
    // the host carries on: the same host runs the next stack
    const again = await host.run(await host.prepare(stack.replace('boom', 'site')), { outDir: join(dir, 'again') });
    expect(again.ok).toBe(true);
  });
});
