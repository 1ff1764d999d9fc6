import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BeamstackError, ErrorCodes } from '@beamstack/contract';
import { pythonJson, run, tempDir } from '@beamstack/testkit';
import { describeInterop } from '@beamstack/testkit/vitest';
import { maskTransform, readHdf5UserMask } from '../src/index.js';
import {  } from './helpers.js';

/** h5py writes masks the ways NXmx files hold them and lists the nonzero pixels (C order). */
const WRITE = `
import sys, json, h5py, numpy as np
path, layout = sys.argv[1], sys.argv[2]
rng = np.random.default_rng(3)
m = np.where(rng.random((40, 56)) < 0.1, rng.integers(1, 2 ** 31, (40, 56)), 0).astype(np.uint32)
m[7, :] = 1
with h5py.File(path, 'w') as f:
    if layout == 'nxmx':
        f.create_dataset('/entry/instrument/detector/pixel_mask', data=m)
    elif layout == 'dectris':
        f.create_dataset('/entry/instrument/detector/detectorSpecific/pixel_mask', data=m.astype(np.uint16) , chunks=(8, 56), compression='gzip', shuffle=True)
    elif layout == 'named':
        f.create_dataset('/masks/beamstop', data=(m != 0))
    elif layout == 'float':
        f.create_dataset('/entry/instrument/detector/pixel_mask', data=m.astype(np.float32))
    elif layout == 'none':
        f.create_dataset('/entry/other', data=m)
nz = [int(i) for i in np.flatnonzero(m if layout != 'dectris' else m.astype(np.uint16))]
print(json.dumps(nz))
`;

function flags(masked: Uint8Array): number[] {
  const out: number[] = [];
  masked.forEach((v, i) => v && out.push(i));
  return out;
}

async function optionsError(body: () => Promise<unknown>): Promise<BeamstackError> {
  try {
    await body();
  } catch (error) {
    expect(error).toBeInstanceOf(BeamstackError);
    expect((error as BeamstackError).code).toBe(ErrorCodes.OPTIONS);
    return error as BeamstackError;
  }
  throw new Error('accepted');
}

describeInterop('user masks from HDF5 files (readHdf5UserMask, @beamstack/hdf5 reader)', ['h5py', 'numpy'], () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await tempDir()));
  afterAll(() => cleanup());

  it.each([
    ['nxmx', undefined],
    ['dectris', undefined],
    ['named', '/masks/beamstop'],
  ])('%s layout: nonzero = masked, with the file in the provenance', async (layout, dataset) => {
    const path = join(dir, `${layout}.h5`);
    const expected = pythonJson<number[]>(WRITE, [path, layout]);
    expect(expected.length).toBeGreaterThan(200);
    const mask = await readHdf5UserMask(path, [40, 56], dataset);
    expect(flags(mask.masked)).toEqual(expected);
    expect(mask.input.sha256).toBe(run('sha256sum', [path]).stdout.split(' ')[0]);
  });

  it('refuses floats, a wrong shape, a file without a mask and a non-HDF5 file', async () => {
    const float = join(dir, 'float.h5');
    pythonJson(WRITE, [float, 'float']);
    expect((await optionsError(() => readHdf5UserMask(float, [40, 56]))).message).toMatch(/holds float values/);
    const nxmx = join(dir, 'nxmx.h5');
    pythonJson(WRITE, [nxmx, 'nxmx']);
    expect((await optionsError(() => readHdf5UserMask(nxmx, [56, 40]))).message).toMatch(/has shape \(40, 56\), the frames here are \(56, 40\)/);
    const none = join(dir, 'none.h5');
    pythonJson(WRITE, [none, 'none']);
    expect((await optionsError(() => readHdf5UserMask(none, [40, 56]))).message).toMatch(/has no pixel mask/);
    expect((await optionsError(() => readHdf5UserMask(none, [40, 56], '/nope'))).message).toMatch(/has no dataset \/nope/);
    expect((await optionsError(() => readHdf5UserMask(join(dir, '..'), [40, 56]))).message).toMatch(/cannot be read as HDF5/);
  });

  it('the mask stage itself refuses HDF5 (mapMeta is synchronous) and says how to convert', () => {
    const path = join(dir, 'nxmx.h5');
    pythonJson(WRITE, [path, 'nxmx']);
    expect(() => maskTransform.mapMeta({ shape: [40, 56] } as never, { options: { file: path, apply: true } })).toThrow(/is an HDF5 file\. Reading HDF5 needs asynchronous I\/O/);
  });
});
