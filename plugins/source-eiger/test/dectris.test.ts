import { basename } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeDectris, describeInterop } from '@beamstack/testkit/vitest';
import { openEiger } from '../src/index.js';
import { pixelsOf, python, sha256, testContext } from './helpers.js';

/** h5py's view of every frame: sha256 of the raw chunk (read_direct_chunk) and of ds[i]. */
const H5PY_FRAMES = `
import sys, json, hashlib, h5py, hdf5plugin
with h5py.File(sys.argv[1], 'r') as f:
    ds = f['/entry/data/data']
    out = []
    for i in range(ds.shape[0]):
        mask, chunk = ds.id.read_direct_chunk((i, 0, 0))
        out.append({'chunk': hashlib.sha256(chunk).hexdigest(), 'mask': int(mask), 'pixels': hashlib.sha256(ds[i].tobytes()).hexdigest()})
    print(json.dumps({'frames': out, 'dtype': str(ds.dtype), 'shape': list(ds.shape)}))
`;

interface H5pyFrames {
  frames: { chunk: string; mask: number; pixels: string }[];
  dtype: string;
  shape: number[];
}

describeInterop('real DECTRIS data files (lone data files)', ['h5py', 'hdf5plugin'], () => {
  describeDectris('every frame equals h5py', /\.h5$/, (files) => {
    const opened: { close(): Promise<void> }[] = [];
    afterAll(async () => {
      for (const s of opened) await s.close();
    });
    for (const file of files) {
      it(`${basename(file)}: raw chunks = read_direct_chunk, decoded = ds[i]`, async () => {
        const truth = JSON.parse(python(H5PY_FRAMES, [file])) as H5pyFrames;
        const { ctx, warnings } = testContext();
        const session = await openEiger({ path: file, verify: true }, ctx);
        opened.push(session);
        expect(session.meta.frameCount).toBe(truth.shape[0]);
        expect(session.meta.shape).toEqual(truth.shape.slice(1));
        expect(session.meta.dtype).toBe(truth.dtype);
        expect(session.encoding?.codec).toBe(/_lz4_/.test(file) ? 'lz4' : 'bslz4');
        // A lone data file carries no NXmx metadata: one warning lists the defaults used.
        expect(warnings.some((w) => /metadata field\(s\) missing/.test(w))).toBe(true);
        // Random access, last frame first: no frame depends on reading the others.
        for (let i = truth.frames.length - 1; i >= 0; i--) {
          const frame = await session.read(i);
          expect(frame.index).toBe(i);
          expect(truth.frames[i]!.mask).toBe(0);
          expect(sha256(frame.encoded!.bytes)).toBe(truth.frames[i]!.chunk);
          expect(sha256(pixelsOf(frame))).toBe(truth.frames[i]!.pixels);
        }
      });
    }
  });
});
