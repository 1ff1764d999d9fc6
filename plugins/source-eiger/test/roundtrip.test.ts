import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DatasetMeta } from '@beamstack/contract';
import { BeamstackHost } from '@beamstack/host';
import { checkNxmx, readAllFrames, tempDir } from '@beamstack/testkit';
import { describeInterop } from '@beamstack/testkit/vitest';
import { openEiger } from '../src/index.js';
import { makeEigerLike, npyFrame, pixelsOf, readNpy, sameArray, testContext, type EigerLike } from './helpers.js';

/** The parts of a description a read → write → read cycle must keep exactly. */
function physics(meta: DatasetMeta): unknown {
  const { provenance: _p, detector, ...rest } = meta;
  return { ...rest, detector: { ...detector, pixelMask: detector.pixelMask ? Array.from(detector.pixelMask) : null } };
}

describeInterop('read → write → read through the real host', ['h5py', 'hdf5plugin', 'numpy', 'bitshuffle', 'dxtbx'], () => {
  let root: string;
  let cleanup: () => Promise<void>;
  let host: BeamstackHost;
  let made: EigerLike;
  beforeAll(async () => {
    ({ dir: root, cleanup } = await tempDir());
    host = new BeamstackHost({ workers: 2 });
    made = makeEigerLike(join(root, 'in'), ['--frames', '7', '--shape', '96', '120', '--frames-per-file', '3', '--compression', 'bslz4', '--dtype', 'uint32']);
  });
  afterAll(async () => {
    await host.close();
    await cleanup();
  });

  const runStack = async (name: string, stages: string[]): Promise<string> => {
    const stack = join(root, `${name}.yaml`);
    await writeFile(stack, ['stages:', ...stages, ''].join('\n'));
    const summary = await host.run(await host.prepare(stack), { outDir: join(root, name) });
    expect(summary.error).toBeNull();
    expect(summary.frames).toMatchObject({ in: made.frames, out: made.frames });
    return join(root, name, `${name}_master.h5`);
  };

  it('eiger → bslz4 → nxmx stores the chunks untouched and keeps frames, geometry, mask and scan', async () => {
    const master = await runStack('copy', [
      '  - use: eiger',
      `    with: { path: ${JSON.stringify(made.master)} }`,
      '  - use: bslz4',
      '  - use: nxmx',
      '    with: { prefix: copy, framesPerFile: 4 }',
    ]);
    const npy = join(root, 'in', 'expected_frames.npy');
    const check = checkNxmx(master, ['--expect-npy', npy, '--expect-mask-npy', join(root, 'in', 'expected_mask.npy'), '--dxtbx']);
    expect(check.report.errors).toEqual([]);
    expect(check.report.ok).toBe(true);

    const readIn = testContext();
    const readOut = testContext();
    const before = await openEiger({ path: made.master, verify: false }, readIn.ctx);
    const after = await openEiger({ path: master, verify: true }, readOut.ctx);
    try {
      // Both files are complete and self-consistent (beam centre = module_offset, wavelengths agree ...).
      expect(readIn.warnings).toEqual([]);
      expect(readOut.warnings).toEqual([]);
      expect(after.meta.detector.beamCenter_px[0]).toBeCloseTo(made.beam_center_xy[0], 4);
      expect(after.meta.detector.beamCenter_px[1]).toBeCloseTo(made.beam_center_xy[1], 4);
      expect(physics(after.meta)).toEqual(physics(before.meta));
      // The lineage: the host's steps for this run follow, after the file's own (none here).
      expect(after.meta.provenance.steps.map((s) => s.stage)).toEqual(['eiger', 'bslz4', 'nxmx']);
      const expected = readNpy(npy);
      const frames = await readAllFrames(after);
      frames.forEach((f, i) => expect(sameArray(pixelsOf(f), npyFrame(expected, i)), `frame ${i}`).toBe(true));
      // Pass-through: the stored chunks are byte for byte the input's.
      const original = await readAllFrames(before);
      frames.forEach((f, i) => expect(Buffer.compare(Buffer.from(f.encoded!.bytes), Buffer.from(original[i]!.encoded!.bytes))).toBe(0));
    } finally {
      await before.close();
      await after.close();
    }
  });

  it('an lz4 series re-encoded as bslz4 keeps its frames', async () => {
    const lz4 = makeEigerLike(join(root, 'in-lz4'), ['--frames', '7', '--shape', '96', '120', '--frames-per-file', '3', '--compression', 'lz4', '--dtype', 'uint16', '--vds']);
    const master = await runStack('recoded', [
      '  - use: eiger',
      `    with: { path: ${JSON.stringify(lz4.master)} }`,
      '  - use: bslz4',
      '  - use: nxmx',
      '    with: { prefix: recoded }',
    ]);
    const check = checkNxmx(master, ['--expect-npy', join(root, 'in-lz4', 'expected_frames.npy')]);
    expect(check.report.errors).toEqual([]);
    const back = await openEiger({ path: master, verify: false }, testContext().ctx);
    try {
      expect(back.encoding?.codec).toBe('bslz4');
      expect(back.meta.detector.beamCenter_px).toEqual((await metaOf(lz4.master)).detector.beamCenter_px);
    } finally {
      await back.close();
    }
  });
});

async function metaOf(path: string): Promise<DatasetMeta> {
  const s = await openEiger({ path, verify: false }, testContext().ctx);
  await s.close();
  return s.meta;
}
