import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BeamstackHost } from '@beamstack/host';
import { resolutionAt, simulatedSpots, twoThetaAt, pixelToLab } from '@beamstack/source-simulate';
import { checkNxmx, pythonJson, tempDir, writeNpy } from '@beamstack/testkit';
import { describeInterop } from '@beamstack/testkit/vitest';
import type { DatasetMeta } from '@beamstack/contract';
import { simulation } from './helpers.js';

const SIM = { detector: 'eiger-500k', frames: 3, spots: 150, seed: 4 } as const;
const RECT = [301, 97, 420, 250] as const;

/** numpy crops the independently rendered frames (or a mask): what the ROI output must hold. */
function numpyCrop(full: string, out: string, [x, y, w, h]: readonly number[]): void {
  pythonJson(
    `
import sys, json, numpy as np
a = np.load(sys.argv[1]); x, y, w, h = (int(v) for v in sys.argv[3:7])
np.save(sys.argv[2], np.ascontiguousarray(a[..., y:y + h, x:x + w]))
print(json.dumps({'ok': True}))
`,
    [full, out, String(x), String(y), String(w), String(h)],
  );
}

/** The bounding box of the pixel centres with d >= dmin (source-simulate's geometry, brute force). */
function bruteForceRect(meta: DatasetMeta, dmin: number): number[] {
  const [height, width] = meta.shape;
  let x0 = Infinity, x1 = -1, y0 = Infinity, y1 = -1;
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      if (resolutionAt(meta.beam.wavelength_A, twoThetaAt(meta.detector, col + 0.5, row + 0.5)) < dmin) continue;
      x0 = Math.min(x0, col); x1 = Math.max(x1, col); y0 = Math.min(y0, row); y1 = Math.max(y1, row);
    }
  }
  return [x0, y0, x1 - x0 + 1, y1 - y0 + 1];
}

/**
 * dxtbx's own geometry of each file: lab position (mm, imgCIF frame) of points given in each
 * file's pixel coordinates, origin + x·px·fast + y·py·slow (no parallax: pure geometry).
 */
const DXTBX_LAB = `
import sys, json
from dxtbx.model.experiment_list import ExperimentListFactory
out = []
for path, points in json.loads(sys.argv[1]):
    panel = ExperimentListFactory.from_filenames([path])[0].detector[0]
    o, f, s = panel.get_origin(), panel.get_fast_axis(), panel.get_slow_axis()
    px, py = panel.get_pixel_size()
    out.append([[o[k] + x * px * f[k] + y * py * s[k] for k in range(3)] for x, y in points])
print(json.dumps(out))
`;

describeInterop('roi through the real host: simulate → roi → bslz4 → nxmx', ['h5py', 'hdf5plugin', 'numpy', 'bitshuffle', 'dxtbx'], () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let host: BeamstackHost;
  let fullNpy: string;
  let maskNpy: string;
  let meta: DatasetMeta;

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    host = new BeamstackHost({ workers: 2 });
    const sim = await simulation(SIM);
    meta = sim.meta;
    fullNpy = join(dir, 'full.npy');
    writeNpy(fullNpy, meta.dtype, [SIM.frames, ...meta.shape], Array.from({ length: SIM.frames }, (_, i) => sim.render(i)));
    maskNpy = join(dir, 'mask.npy');
    writeNpy(maskNpy, 'uint32', meta.shape, [meta.detector.pixelMask!]);
  });
  afterAll(async () => {
    await host.close();
    await cleanup();
  });

  const runStack = async (name: string, middle: string[], codec: string[] = ['  - use: bslz4']): Promise<string> => {
    const stack = join(dir, `${name}.yaml`);
    await writeFile(stack, ['stages:', '  - use: simulate', `    with: ${JSON.stringify(SIM)}`, ...middle, ...codec, '  - use: nxmx', `    with: { prefix: ${name} }`, ''].join('\n'));
    const summary = await host.run(await host.prepare(stack), { outDir: join(dir, name) });
    expect(summary.error).toBeNull();
    expect(summary.frames).toMatchObject({ in: SIM.frames, out: SIM.frames });
    return join(dir, name, `${name}_master.h5`);
  };

  let full: string;
  let cropped: string;

  it('a rectangle: frames equal numpy slices, DIALS sees the beam centre shifted by the offset', async () => {
    full = await runStack('full', []);
    cropped = await runStack('rect', ['  - use: roi', `    with: { rect: ${JSON.stringify(RECT)} }`]);
    const expected = join(dir, 'rect-expected.npy');
    numpyCrop(fullNpy, expected, RECT);
    const expectedMask = join(dir, 'rect-mask.npy');
    numpyCrop(maskNpy, expectedMask, RECT);
    const check = checkNxmx(cropped, ['--expect-npy', expected, '--expect-mask-npy', expectedMask, '--dxtbx']);
    expect(check.report.errors).toEqual([]);
    expect(check.report.warnings).toEqual([]);
    expect(check.report).toMatchObject({ ok: true, frames: SIM.frames, compared_expected: true, shape: [RECT[3], RECT[2]] });
    const dxtbx = check.report['dxtbx'] as { beam_centre_px: number[]; image_size: number[] };
    expect(dxtbx.image_size).toEqual([RECT[2], RECT[3]]);
    expect(dxtbx.beam_centre_px[0]).toBeCloseTo(meta.detector.beamCenter_px[0] - RECT[0], 2);
    expect(dxtbx.beam_centre_px[1]).toBeCloseTo(meta.detector.beamCenter_px[1] - RECT[1], 2);
  });

  it('simulated spots land at the same lab position in DIALS before and after the crop, and where source-simulate puts them', () => {
    const spots = simulatedSpots(SIM).filter((s) => s.x >= RECT[0] && s.x < RECT[0] + RECT[2] && s.y >= RECT[1] && s.y < RECT[1] + RECT[3]);
    expect(spots.length).toBeGreaterThan(10);
    const before = spots.map((s) => [s.x, s.y]);
    const after = spots.map((s) => [s.x - RECT[0], s.y - RECT[1]]);
    const [labFull, labCrop] = pythonJson<number[][][]>(DXTBX_LAB, [JSON.stringify([[full, before], [cropped, after]])]);
    spots.forEach((spot, i) => {
      // McStas (ours) → imgCIF (dxtbx): diag(−1, 1, −1).
      const [x, y, z] = pixelToLab(meta, spot.x, spot.y);
      const expected = [-x, y, -z];
      for (let k = 0; k < 3; k++) {
        expect(labCrop![i]![k]).toBeCloseTo(labFull![i]![k]!, 6);
        expect(labCrop![i]![k]).toBeCloseTo(expected[k]!, 4);
      }
    });
  });

  it('a large crop (compacted inside the frame\'s own buffer) is stored right, through bslz4 and as raw pixels', async () => {
    const big = [13, 20, 1000, 480];
    const expected = join(dir, 'big-expected.npy');
    numpyCrop(fullNpy, expected, big);
    for (const [name, codec] of [['big-bslz4', ['  - use: bslz4']], ['big-raw', []]] as const) {
      const master = await runStack(name, ['  - use: roi', `    with: { rect: ${JSON.stringify(big)} }`], [...codec]);
      const check = checkNxmx(master, ['--expect-npy', expected]);
      expect(check.report.errors, name).toEqual([]);
      expect(check.report, name).toMatchObject({ ok: true, compared_expected: true, shape: [480, 1000] });
    }
  });

  it('dmin: the rectangle holds every pixel with d >= dmin and no more, the file passes and DIALS agrees', async () => {
    const dmin = 5.5;
    const rect = bruteForceRect(meta, dmin);
    expect(rect[2]).toBeLessThan(meta.shape[1]);
    const master = await runStack('dmin', ['  - use: roi', `    with: { dmin: ${dmin} }`]);
    const expected = join(dir, 'dmin-expected.npy');
    numpyCrop(fullNpy, expected, rect);
    const expectedMask = join(dir, 'dmin-mask.npy');
    numpyCrop(maskNpy, expectedMask, rect);
    const check = checkNxmx(master, ['--expect-npy', expected, '--expect-mask-npy', expectedMask, '--dxtbx']);
    expect(check.report.errors).toEqual([]);
    expect(check.report.warnings).toEqual([]);
    expect(check.report).toMatchObject({ ok: true, shape: [rect[3], rect[2]], compared_expected: true });
    const dxtbx = check.report['dxtbx'] as { beam_centre_px: number[] };
    expect(dxtbx.beam_centre_px[0]).toBeCloseTo(meta.detector.beamCenter_px[0] - rect[0]!, 2);
    expect(dxtbx.beam_centre_px[1]).toBeCloseTo(meta.detector.beamCenter_px[1] - rect[1]!, 2);
  });
});
