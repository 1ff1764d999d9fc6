import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BeamstackHost, type RunSummary } from '@beamstack/host';
import { checkNxmx, writeNpy } from '@beamstack/testkit';
import { describeInterop } from '@beamstack/testkit/vitest';
import type { SimulateOptionsInput } from '@beamstack/source-simulate';
import { simulated } from '../../transform-sum/test/simulated.js';
import { referenceBin, type BinCase } from './reference.js';
import { binOptions } from './run.js';

interface DxtbxView {
  readonly num_images: number;
  readonly image_size: number[];
  readonly pixel_size_mm: number[];
  readonly beam_centre_px: number[];
  readonly distance_mm: number;
  readonly oscillation: number[];
}

describeInterop('bin through the real host: simulate → bin → bslz4 → nxmx, checked by h5py and DIALS', ['h5py', 'hdf5plugin', 'numpy', 'dxtbx'], () => {
  let root: string;
  let host: BeamstackHost;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'transform-bin-pipeline-'));
    host = new BeamstackHost({ workers: 2 });
  });
  afterAll(async () => {
    await host.close();
    await rm(root, { recursive: true, force: true });
  });

  const runStack = async (name: string, stages: string[]): Promise<{ summary: RunSummary; master: string }> => {
    const stack = join(root, `${name}.yaml`);
    await writeFile(stack, ['stages:', ...stages, ''].join('\n'));
    const summary = await host.run(await host.prepare(stack), { outDir: join(root, name) });
    expect(summary.error).toBeNull();
    return { summary, master: join(root, name, 'series_master.h5') };
  };

  const cases: { name: string; sim: SimulateOptionsInput; bin: Partial<BinCase> & { factor: number } }[] = [
    { name: 'small-b2', sim: { detector: 'small', frames: 3, distance: 0.06, seed: 6 }, bin: { factor: 2 } },
    { name: '500k-b4-pad-aware-mean', sim: { detector: 'eiger-500k', frames: 2, seed: 8 }, bin: { factor: 4, edges: 'pad', maskAware: true, mode: 'mean' } },
  ];
  for (const { name, sim, bin } of cases) {
    it(`${name}: frames and mask equal the reference; DIALS sees pixels x b, the beam centre / b, the beam at the same mm`, async () => {
      const { summary, master } = await runStack(name, ['  - use: simulate', `    with: ${JSON.stringify(sim)}`, '  - use: bin', `    with: ${JSON.stringify(bin)}`, '  - use: bslz4', '  - use: nxmx']);
      const series = await simulated(sim);
      expect(summary.frames).toMatchObject({ in: series.frames.length, out: series.frames.length, dropped: 0 });
      const expected = series.frames.map((f) => referenceBin(f, series.meta, binOptions(bin)));
      const { shape, dtype, mask } = expected[0]!;
      const frames = expected.map((e) => (dtype === 'uint16' ? Uint16Array.from(e.pixels) : Uint32Array.from(e.pixels)));
      const npy = join(root, `${name}.npy`);
      const maskNpy = join(root, `${name}-mask.npy`);
      writeNpy(npy, dtype, [frames.length, ...shape], frames);
      writeNpy(maskNpy, 'uint32', shape, [Uint32Array.from(mask!)]);
      const check = checkNxmx(master, ['--expect-npy', npy, '--expect-mask-npy', maskNpy, '--dxtbx']);
      expect(check.report.errors).toEqual([]);
      expect(check.report.warnings).toEqual([]);
      expect(check.report).toMatchObject({ ok: true, frames: frames.length, shape, compared_expected: true });

      const b = bin.factor;
      const [bx, by] = series.meta.detector.beamCenter_px;
      const px = series.meta.detector.pixelSize_m[0] * 1000;
      const dxtbx = check.report['dxtbx'] as DxtbxView;
      expect(dxtbx.image_size).toEqual([shape[1], shape[0]]);
      expect(dxtbx.pixel_size_mm[0]).toBeCloseTo(px * b, 9);
      expect(dxtbx.pixel_size_mm[1]).toBeCloseTo(px * b, 9);
      expect(dxtbx.beam_centre_px[0]).toBeCloseTo(bx / b, 3);
      expect(dxtbx.beam_centre_px[1]).toBeCloseTo(by / b, 3);
      // The same beam position in mm as the unbinned detector.
      expect(dxtbx.beam_centre_px[0]! * dxtbx.pixel_size_mm[0]!).toBeCloseTo(bx * px, 2);
      expect(dxtbx.beam_centre_px[1]! * dxtbx.pixel_size_mm[1]!).toBeCloseTo(by * px, 2);
      expect(dxtbx.distance_mm).toBeCloseTo(series.meta.detector.distance_m * 1000, 6);
      expect(dxtbx.oscillation[1]).toBeCloseTo(series.meta.scan.increment_deg, 9);
    });
  }
});
