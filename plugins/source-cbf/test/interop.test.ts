import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonObject } from '@beamstack/contract';
import { BeamstackHost, type RunSummary } from '@beamstack/host';
import { checkCbf, checkNxmx, ORACLE_DIR, PYTHON, run, runPython, tempDir } from '@beamstack/testkit';
import { describeInterop } from '@beamstack/testkit/vitest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openCbf } from '../src/index.js';
import { decodeFrame, readNpy, testContext } from './helpers.js';

/** fabio's own decode of each file, stacked into one .npy: the reference our reads must equal. */
function fabioDecode(files: readonly string[], npy: string): void {
  runPython(
    ['import sys, logging, numpy as np, fabio', 'logging.getLogger("fabio").setLevel(logging.CRITICAL)', 'np.save(sys.argv[1], np.stack([fabio.open(f).data.astype(np.int32) for f in sys.argv[2:]]))'].join('\n'),
    [npy, ...files],
  );
}

describeInterop('CBF series written by fabio and by CBFlib, read by the cbf source', ['fabio', 'numpy', 'h5py', 'hdf5plugin', 'dxtbx'], () => {
  let root: string;
  let cleanup: () => Promise<void>;
  let host: BeamstackHost;
  let made: { beam_center_xy: [number, number]; saturation_value: number };
  const fabioDir = (): string => join(root, 'in', 'cbf');
  const list = (dir: string): string[] =>
    readdirSync(dir)
      .filter((n) => n.endsWith('.cbf'))
      .sort()
      .map((n) => join(dir, n));

  beforeAll(async () => {
    ({ dir: root, cleanup } = await tempDir());
    host = new BeamstackHost({ workers: 2 });
    const r = run(PYTHON, [join(ORACLE_DIR, 'make_eiger_like.py'), join(root, 'in'), '--frames', '4', '--shape', '514', '1030', '--cbf', '--frames-per-file', '4']);
    expect(r.status, r.stderr).toBe(0);
    made = JSON.parse(r.stdout.trim().split('\n').pop()!) as typeof made;
    // The same frames re-encoded by CBFlib, as Pilatus detectors write them (4095 bytes of padding).
    run('mkdir', ['-p', join(root, 'cbflib')]);
    for (const f of list(fabioDir())) {
      const out = join(root, 'cbflib', f.split('/').pop()!);
      const c = run('cif2cbf', ['-i', f, '-o', out, '-c', 'b', '-e', 'n', '-m', 'h', '-d', 'd', '-p', '4']);
      expect(c.status, c.stderr).toBe(0);
    }
  });
  afterAll(async () => {
    await host.close();
    await cleanup();
  });

  for (const producer of ['fabio', 'cbflib'] as const) {
    it(`${producer} files: every frame equals fabio's decode; the header gives the master's geometry`, async () => {
      const dir = producer === 'fabio' ? fabioDir() : join(root, 'cbflib');
      const files = list(dir);
      const npy = join(root, `${producer}-decoded.npy`);
      fabioDecode(files, npy);
      const expected = readNpy(npy);
      const { ctx, warnings } = testContext();
      const session = await openCbf({ path: join(dir, 'series_######.cbf'), verify: true, checksums: false }, ctx);
      expect(warnings).toEqual([]);
      expect(session.meta.frameCount).toBe(4);
      expect(session.meta.detector.beamCenter_px[0]).toBeCloseTo(made.beam_center_xy[0], 9);
      expect(session.meta.detector.beamCenter_px[1]).toBeCloseTo(made.beam_center_xy[1], 9);
      expect(session.meta.detector.distance_m).toBe(0.15);
      expect(session.meta.beam.wavelength_A).toBe(0.9762);
      expect(session.meta.detector.saturationValue).toBe(made.saturation_value - 1);
      const size = 514 * 1030;
      for (let i = 0; i < 4; i++) {
        const pixels = decodeFrame(await session.read!(i));
        const want = expected.data.subarray(i * size, (i + 1) * size);
        let differ = 0;
        for (let k = 0; k < size; k++) if (pixels[k] !== want[k]) differ++;
        expect(differ, `frame ${i + 1}`).toBe(0);
      }
    });
  }

  const runStack = async (name: string, stages: { use: string; with: JsonObject }[]): Promise<RunSummary> =>
    host.run(await host.prepare({ label: name, dir: root, name, description: name, plugins: [], workers: null, stages }), { outDir: join(root, name) });

  it('CBF → CBF through the pool: the same pixels, read by fabio, CBFlib and DIALS', async () => {
    const summary = await runStack('c2c', [{ use: 'cbf', with: { path: join(root, 'cbflib', 'series_*.cbf') } }, { use: 'cbf-series', with: { prefix: 'again' } }]);
    expect(summary.error).toBeNull();
    // The payloads are MD5-checked and decoded in the pool, by the inserted decode step.
    const decode = summary.stages.find((s) => s.kind === 'decode');
    expect(decode).toMatchObject({ stage: 'byte-offset-md5', framesIn: 4, framesOut: 4, inserted: true });
    const npy = join(root, 'cbflib-decoded.npy');
    const check = checkCbf(list(join(root, 'c2c')), ['--expect-npy', npy, '--dxtbx']);
    expect(check.report.errors).toEqual([]);
  });

  it('CBF → NXmx (bslz4) through the pool: check_nxmx sees fabio\'s pixels', async () => {
    const summary = await runStack('c2e', [
      { use: 'cbf', with: { path: join(fabioDir(), 'series_*.cbf') } },
      { use: 'bslz4', with: {} },
      { use: 'nxmx', with: { prefix: 'fromcbf' } },
    ]);
    expect(summary.error).toBeNull();
    const check = checkNxmx(join(root, 'c2e', 'fromcbf_master.h5'), ['--expect-npy', join(root, 'fabio-decoded.npy')]);
    expect(check.report.errors).toEqual([]);
    expect(check.report.ok).toBe(true);
  });
});
