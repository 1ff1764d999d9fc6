import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PixelArray } from '@beamstack/contract';
import { BeamstackHost, type RunSummary } from '@beamstack/host';
import { checkNxmx, pythonJson, writeNpy } from '@beamstack/testkit';
import { describeDectris, describeInterop } from '@beamstack/testkit/vitest';
import { referenceCounts, referenceSum } from './reference.js';
import { simulated, type Series } from './simulated.js';
import { dectrisSeries } from './dectris.js';

interface DxtbxView {
  readonly num_images: number;
  readonly image_size: number[];
  readonly pixel_size_mm: number[];
  readonly beam_centre_px: number[];
  readonly oscillation: number[];
}

/** The NXmx fields a sum must change, read back with h5py. */
const READ_FIELDS = `
import sys, json, h5py
with h5py.File(sys.argv[1], 'r') as f:
    d = f['/entry/instrument/detector']
    s = f['/entry/sample/transformations']
    print(json.dumps({
        'count_time': float(d['count_time'][()]), 'frame_time': float(d['frame_time'][()]),
        'saturation_value': int(d['saturation_value'][()]), 'bit_depth_image': int(d['bit_depth_image'][()]),
        'nframes_sum': int(d['detectorSpecific/nframes_sum'][()]),
        'omega': [float(x) for x in s['omega'][()]], 'omega_end': [float(x) for x in s['omega_end'][()]],
    }))
`;

describeInterop('sum through the real host: simulate/eiger → sum → bslz4 → nxmx, checked by h5py and DIALS', ['h5py', 'hdf5plugin', 'numpy', 'dxtbx'], () => {
  let root: string;
  let host: BeamstackHost;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'transform-sum-pipeline-'));
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

  /** The expected output frames: the reference over consecutive whole windows of `series`. */
  const expectSums = (series: Series, n: number, path: string): string => {
    const counts = referenceCounts(series.meta, n, 'widen')!;
    const sums: PixelArray[] = [];
    for (let k = 0; (k + 1) * n <= series.frames.length; k++) {
      const values = referenceSum(series.frames.slice(k * n, k * n + n), series.meta, counts);
      sums.push(counts.dtype === 'uint16' ? Uint16Array.from(values) : Uint32Array.from(values));
    }
    writeNpy(path, counts.dtype, [sums.length, ...series.meta.shape], sums);
    return path;
  };

  it('7 simulated frames summed by 3: 2 frames of 0.3°, 1 dropped on purpose; DIALS sees N x the oscillation', async () => {
    const sim = { detector: 'small', frames: 7, distance: 0.06, seed: 2, startAngle: 10 } as const;
    const { summary, master } = await runStack('sim', [
      '  - use: simulate',
      `    with: ${JSON.stringify(sim)}`,
      '  - use: sum',
      '    with: { width: 0.3 }',
      '  - use: bslz4',
      '  - use: nxmx',
    ]);
    expect(summary.frames).toMatchObject({ in: 7, out: 2, outAsSource: 6, dropped: 1 });
    const npy = expectSums(await simulated(sim), 3, join(root, 'sim.npy'));
    const check = checkNxmx(master, ['--expect-npy', npy, '--dxtbx']);
    expect(check.report.errors).toEqual([]);
    expect(check.report.warnings).toEqual([]);
    expect(check.report).toMatchObject({ ok: true, frames: 2, compared_expected: true });
    const dxtbx = check.report['dxtbx'] as DxtbxView;
    expect(dxtbx.num_images).toBe(2);
    expect(dxtbx.oscillation[0]).toBeCloseTo(10, 9);
    expect(dxtbx.oscillation[1]).toBeCloseTo(0.3, 9);
    const fields = pythonJson<Record<string, number | number[]>>(READ_FIELDS, [master]);
    expect(fields['count_time']).toBeCloseTo(3 * (0.01 - 1e-7), 12);
    expect(fields['frame_time']).toBeCloseTo(0.03, 12);
    expect(fields).toMatchObject({ saturation_value: 6_000_000, bit_depth_image: 32, nframes_sum: 3 });
    expect((fields['omega'] as number[]).map((a) => +a.toFixed(9))).toEqual([10, 10.3]);
    expect((fields['omega_end'] as number[]).map((a) => +a.toFixed(9))).toEqual([10.3, 10.6]);
  });

  it('uint16 frames summed by 2 are stored as uint32 with every masked pixel at 2^32 − 1', async () => {
    const sim = { detector: 'small', frames: 4, dtype: 'uint16', distance: 0.06, seed: 4 } as const;
    const { summary, master } = await runStack('u16', ['  - use: simulate', `    with: ${JSON.stringify(sim)}`, '  - use: sum', '    with: { frames: 2 }', '  - use: bslz4', '  - use: nxmx']);
    expect(summary.frames).toMatchObject({ in: 4, out: 2, dropped: 0 });
    const npy = expectSums(await simulated(sim), 2, join(root, 'u16.npy'));
    const check = checkNxmx(master, ['--expect-npy', npy, '--dxtbx']);
    expect(check.report.errors).toEqual([]);
    // check_nxmx warns when a masked pixel does not hold the masked value of bit_depth_image.
    expect(check.report.warnings).toEqual([]);
    expect(check.report['dtype']).toEqual(['uint32']);
    expect((check.report['dxtbx'] as DxtbxView).oscillation[1]).toBeCloseTo(0.2, 9);
  });

  describeDectris('a real DECTRIS data file', /eiger1_.*_bslz4_data_000001\.h5$/, (files) => {
    it('goes through the host (eiger → sum → bslz4 → nxmx) into the reference sum', async () => {
      const file = files[0]!;
      const { summary, master } = await runStack('dectris', ['  - use: eiger', `    with: { path: ${JSON.stringify(file)} }`, '  - use: sum', '    with: { frames: 2 }', '  - use: bslz4', '  - use: nxmx']);
      expect(summary.frames).toMatchObject({ in: 2, out: 1, dropped: 0 });
      const npy = expectSums(await dectrisSeries(file), 2, join(root, 'dectris.npy'));
      const check = checkNxmx(master, ['--expect-npy', npy, '--dxtbx']);
      expect(check.report.errors).toEqual([]);
      expect(check.report['dtype']).toEqual(['uint32']);
    });
  });
});
