import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pythonJson, writeNpy } from '@beamstack/testkit';
import { describeDectris, describeInterop } from '@beamstack/testkit/vitest';
import { dectrisSeries } from '../../transform-sum/test/dectris.js';
import { firstDifference, markerOf } from '../../transform-sum/test/reference.js';
import { referenceBin } from './reference.js';
import { binOptions, runBin } from './run.js';

/** numpy's statement of plain 2x2 sum binning (crop) on h5py's own decoding of the file. */
const NUMPY_BIN = `
import sys, json, numpy as np, h5py, hdf5plugin
path, ours, index, sat, out_sat, out_marker = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
with h5py.File(path, 'r') as f:
    ds = f['/entry/data/data']
    marker = int(np.iinfo(ds.dtype).max)
    a = ds[index].astype(np.int64)
h, w = a.shape[0] // 2, a.shape[1] // 2
blocks = a[:2 * h, :2 * w].reshape(h, 2, w, 2)
masked = (blocks == marker).any(axis=(1, 3))
over = (blocks >= sat).any(axis=(1, 3))
expected = np.where(masked, out_marker, np.where(over, out_sat, np.minimum(blocks.sum(axis=(1, 3)), out_sat)))
mine = np.load(ours)[0].astype(np.int64)
print(json.dumps({'equal': bool(mine.shape == expected.shape and np.array_equal(mine, expected)), 'shape': list(expected.shape), 'markers': int(masked.sum())}))
`;

describeInterop('bin on real DECTRIS frames (lone data files)', ['h5py', 'hdf5plugin', 'numpy'], () => {
  describeDectris('every pixel equals the reference loop and numpy on h5py', /_bslz4_data_\d+\.h5$/, (files) => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'transform-bin-dectris-'));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    for (const file of files) {
      it(`${basename(file)}: b = 2 and 3, sum and mean, plain and mask-aware, crop and pad`, async () => {
        const series = await dectrisSeries(file);
        for (const [index, pixels] of series.frames.entries()) {
          // Every combination on the first frame (the reference loop is slow); numpy on both.
          for (const factor of index === 0 ? [2, 3] : [])
            for (const mode of ['sum', 'mean'] as const)
              for (const maskAware of [false, true])
                for (const edges of ['crop', 'pad'] as const) {
                  const c = { factor, mode, maskAware, edges };
                  const { output, frame } = runBin(series.meta, pixels, c);
                  const expected = referenceBin(pixels, series.meta, binOptions(c));
                  expect(output.shape).toEqual(expected.shape);
                  expect(firstDifference(frame.pixels!, expected.pixels), JSON.stringify(c)).toBeNull();
                }
          const { output, frame } = runBin(series.meta, pixels, { factor: 2 });
          const npy = join(dir, `${basename(file)}-${index}.npy`);
          writeNpy(npy, output.dtype, [1, ...output.shape], [frame.pixels!]);
          const numpy = pythonJson<{ equal: boolean; shape: number[]; markers: number }>(NUMPY_BIN, [
            file,
            npy,
            String(index),
            String(Math.ceil(series.meta.detector.saturationValue)),
            String(output.detector.saturationValue),
            String(markerOf(output.dtype)),
          ]);
          expect(numpy.shape).toEqual(output.shape);
          expect(numpy.equal).toBe(true);
          if (/eiger1/.test(file)) expect(numpy.markers).toBeGreaterThan(5_000);
        }
      });
    }
  });
});
