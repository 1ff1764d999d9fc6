import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DatasetMeta } from '@beamstack/contract';
import { BeamstackHost } from '@beamstack/host';
import { checkNxmx, dectrisFiles, pythonJson, run, tempDir, writeNpy } from '@beamstack/testkit';
import { describeInterop } from '@beamstack/testkit/vitest';
import { simulation, writeUserMask } from './helpers.js';

const SIM = { detector: 'eiger-500k', frames: 3, spots: 150, seed: 4 } as const;

/**
 * numpy's version of the stage: mask' = mask | (user != 0) << 8; frames' = where(mask' != 0,
 * 2^bits − 1, frames) when applying; optionally cropped [x, y, w, h] afterwards. Frames come from
 * an .npy or, with h5:PATH, straight from an HDF5 file through h5py.
 */
function numpyExpectation(frames: string, mask: string | null, user: string, apply: boolean, bits: number, outFrames: string, outMask: string, rect: readonly number[] | null = null): void {
  pythonJson(
    `
import sys, json, numpy as np
src, mask_path, user, apply, bits, out_frames, out_mask, rect = sys.argv[1:9]
if src.startswith('h5:'):
    import h5py, hdf5plugin
    with h5py.File(src[3:], 'r') as f:
        frames = f['/entry/data/data'][()]
else:
    frames = np.load(src)
mask = np.load(mask_path) if mask_path != '-' else np.zeros(frames.shape[1:], np.uint32)
mask = mask | ((np.load(user) != 0).astype(np.uint32) << 8)
if apply == '1':
    frames = np.where(mask != 0, np.array(2 ** int(bits) - 1).astype(frames.dtype), frames)
if rect != '-':
    x, y, w, h = (int(v) for v in rect.split(','))
    frames, mask = frames[:, y:y + h, x:x + w], mask[y:y + h, x:x + w]
np.save(out_frames, np.ascontiguousarray(frames)); np.save(out_mask, np.ascontiguousarray(mask))
print(json.dumps({'masked': int(np.count_nonzero(mask))}))
`,
    [frames, mask ?? '-', user, apply ? '1' : '0', String(bits), outFrames, outMask, rect ? rect.join(',') : '-'],
  );
}

/** What the master says about the mask and its provenance (h5py). */
function masterFacts(master: string): { applied: number; inputs: { file_name: string; sha256: string; size: number }[] } {
  return pythonJson(
    `
import sys, json, h5py
with h5py.File(sys.argv[1], 'r') as f:
    d = f['/entry/instrument/detector']
    inputs = []
    g = f['/entry'].get('input_files')
    for k in sorted(g.keys()) if g is not None else []:
        n = g[k]
        s = lambda v: v.decode() if isinstance(v, bytes) else str(v)
        inputs.append({'file_name': s(n['file_name'][()]), 'sha256': s(n['sha256'][()]), 'size': int(n['size'][()])})
    print(json.dumps({'applied': int(d['pixel_mask_applied'][()]), 'inputs': inputs}))
`,
    [master],
  );
}

describeInterop('mask through the real host', ['h5py', 'hdf5plugin', 'numpy', 'bitshuffle', 'dxtbx'], () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let host: BeamstackHost;
  let meta: DatasetMeta;
  let framesNpy: string;
  let maskNpy: string;
  let userNpy: string;

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    host = new BeamstackHost({ workers: 2 });
    const sim = await simulation(SIM);
    meta = sim.meta;
    framesNpy = join(dir, 'frames.npy');
    writeNpy(framesNpy, meta.dtype, [SIM.frames, ...meta.shape], Array.from({ length: SIM.frames }, (_, i) => sim.render(i)));
    maskNpy = join(dir, 'mask.npy');
    writeNpy(maskNpy, 'uint32', meta.shape, [meta.detector.pixelMask!]);
    userNpy = join(dir, 'user.npy');
    writeUserMask(userNpy, meta.shape, 17, 'bool');
  });
  afterAll(async () => {
    await host.close();
    await cleanup();
  });

  const runStack = async (name: string, stages: string[], frames: number = SIM.frames): Promise<string> => {
    const stack = join(dir, `${name}.yaml`);
    await writeFile(stack, ['stages:', ...stages, '  - use: nxmx', `    with: { prefix: ${name} }`, ''].join('\n'));
    const summary = await host.run(await host.prepare(stack), { outDir: join(dir, name) });
    expect(summary.error).toBeNull();
    expect(summary.frames).toMatchObject({ in: frames, out: frames });
    return join(dir, name, `${name}_master.h5`);
  };
  const simulate = ['  - use: simulate', `    with: ${JSON.stringify(SIM)}`];

  it('simulate → mask (user file, relative to the stack) → bslz4 → nxmx: frames, merged mask and provenance', async () => {
    const master = await runStack('user', [...simulate, '  - use: mask', '    with: { file: user.npy }', '  - use: bslz4']);
    const expectedFrames = join(dir, 'user-frames.npy');
    const expectedMask = join(dir, 'user-mask.npy');
    numpyExpectation(framesNpy, maskNpy, userNpy, true, 32, expectedFrames, expectedMask);
    const check = checkNxmx(master, ['--expect-npy', expectedFrames, '--expect-mask-npy', expectedMask, '--dxtbx']);
    expect(check.report.errors).toEqual([]);
    // No "masked pixel value(s) != 4294967295 although pixel_mask_applied": every masked pixel holds it.
    expect(check.report.warnings).toEqual([]);
    expect(check.report).toMatchObject({ ok: true, frames: SIM.frames, compared_expected: true });
    const facts = masterFacts(master);
    expect(facts.applied).toBe(1);
    const sha = run('sha256sum', [userNpy]).stdout.split(' ')[0];
    expect(facts.inputs).toContainEqual(expect.objectContaining({ file_name: userNpy, sha256: sha }));
  });

  it('recorded without the mask applied → mask → bslz4 → nxmx: every masked pixel gets 2^32 − 1', async () => {
    // Stage 1 writes data whose user-masked pixels keep their counts (pixel_mask_applied = 0) ...
    const recorded = await runStack('recorded', [...simulate, '  - use: mask', `    with: { file: ${JSON.stringify(userNpy)}, apply: false }`]);
    const recordedFrames = join(dir, 'recorded-frames.npy');
    const mergedMask = join(dir, 'recorded-mask.npy');
    numpyExpectation(framesNpy, maskNpy, userNpy, false, 32, recordedFrames, mergedMask);
    const first = checkNxmx(recorded, ['--expect-npy', recordedFrames, '--expect-mask-npy', mergedMask]);
    expect(first.report.errors).toEqual([]);
    expect(masterFacts(recorded).applied).toBe(0);
    // ... stage 2 reads it back (source-eiger) and applies the mask it carries.
    const applied = await runStack('applied', ['  - use: eiger', `    with: { path: ${JSON.stringify(recorded)} }`, '  - use: mask', '  - use: bslz4']);
    const expectedFrames = join(dir, 'applied-frames.npy');
    const sameMask = join(dir, 'applied-mask.npy');
    numpyExpectation(recordedFrames, mergedMask, userNpy, true, 32, expectedFrames, sameMask);
    const check = checkNxmx(applied, ['--expect-npy', expectedFrames, '--expect-mask-npy', mergedMask, '--dxtbx']);
    expect(check.report.errors).toEqual([]);
    expect(check.report.warnings).toEqual([]);
    expect(masterFacts(applied).applied).toBe(1);
  });

  const real = dectrisFiles(/eiger1_.*_data_000001\.h5$/)[0];
  (real ? it : it.skip)('real DECTRIS frames: eiger → mask → roi → bslz4 → nxmx equals numpy (mask, then crop)', async () => {
    const file = real!;
    const shape = [1065, 1030] as const;
    const user = join(dir, 'dectris-user.npy');
    writeUserMask(user, shape, 23);
    const rect = [100, 480, 700, 120];
    const master = await runStack(
      'dectris',
      ['  - use: eiger', `    with: { path: ${JSON.stringify(file)} }`, '  - use: mask', `    with: { file: ${JSON.stringify(user)} }`, '  - use: roi', `    with: { rect: ${JSON.stringify(rect)} }`, '  - use: bslz4'],
      2,
    );
    const expectedFrames = join(dir, 'dectris-frames.npy');
    const expectedMask = join(dir, 'dectris-mask.npy');
    numpyExpectation(`h5:${file}`, null, user, true, 16, expectedFrames, expectedMask, rect);
    const check = checkNxmx(master, ['--expect-npy', expectedFrames, '--expect-mask-npy', expectedMask]);
    expect(check.report.errors).toEqual([]);
    expect(check.report).toMatchObject({ ok: true, frames: 2, compared_expected: true, shape: [rect[3], rect[2]] });
    expect(basename(master)).toBe('dectris_master.h5');
  });
});
