import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pythonJson, writeNpy } from '@beamstack/testkit';
import { describeDectris, describeInterop } from '@beamstack/testkit/vitest';
import { firstDifference, markerOf, referenceCounts, referenceSum } from './reference.js';
import { pixelsOf, runSum } from './run.js';
import { dectrisSeries } from './dectris.js';

/** numpy's statement of the rule on h5py's own decoding of the file (independent of our codecs). */
const NUMPY_SUM = `
import sys, json, numpy as np, h5py, hdf5plugin
path, ours, sat, out_sat, out_marker = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
with h5py.File(path, 'r') as f:
    ds = f['/entry/data/data']
    marker = int(np.iinfo(ds.dtype).max)
    a = ds[()].astype(np.int64)
masked = (a == marker).any(axis=0)
over = (a >= sat).any(axis=0)
expected = np.where(masked, out_marker, np.where(over, out_sat, np.minimum(a.sum(axis=0), out_sat)))
mine = np.load(ours).astype(np.int64)
print(json.dumps({'equal': bool(np.array_equal(mine[0], expected)), 'markers': int(masked.sum()), 'overloads': int((over & ~masked).sum()), 'max': int(expected[~masked].max())}))
`;

describeInterop('sum on real DECTRIS frames (lone data files)', ['h5py', 'hdf5plugin', 'numpy'], () => {
  describeDectris('every pixel equals the reference loop and numpy on h5py', /_bslz4_data_\d+\.h5$/, (files) => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'transform-sum-dectris-'));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    for (const file of files) {
      it(`${basename(file)}: both frames summed, widened and clipped`, async () => {
        const series = await dectrisSeries(file);
        expect(series.meta.frameCount).toBe(2);
        expect(series.meta.dtype).toBe('uint16');
        for (const overflow of ['widen', 'clip'] as const) {
          const { output, frames } = runSum(series, { frames: 2, overflow });
          const counts = referenceCounts(series.meta, 2, overflow)!;
          expect(output.dtype).toBe(overflow === 'widen' ? 'uint32' : 'uint16');
          const summed = pixelsOf(frames[0]!);
          expect(firstDifference(summed, referenceSum(series.frames, series.meta, counts))).toBeNull();
          const npy = join(dir, `${basename(file)}-${overflow}.npy`);
          writeNpy(npy, output.dtype, [1, ...output.shape], [summed]);
          const numpy = pythonJson<{ equal: boolean; markers: number; overloads: number; max: number }>(NUMPY_SUM, [
            file,
            npy,
            String(Math.ceil(series.meta.detector.saturationValue)),
            String(counts.saturation),
            String(markerOf(output.dtype)),
          ]);
          expect(numpy.equal).toBe(true);
          if (/eiger1/.test(file)) expect(numpy.markers).toBeGreaterThan(30_000); // the module gaps hold 65535
        }
      });
    }
  });
});
