import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BeamstackError, ErrorCodes, type DatasetMeta } from '@beamstack/contract';
import { run, tempDir, testMeta } from '@beamstack/testkit';
import { describeInterop } from '@beamstack/testkit/vitest';
import { maskTransform, maskedMeta, USER_MASK_BIT } from '../src/index.js';
import { writeUserMask } from './helpers.js';

const SHAPE: [number, number] = [64, 96];

function datasetMask(): Uint32Array {
  const mask = new Uint32Array(SHAPE[0] * SHAPE[1]);
  for (let col = 0; col < SHAPE[1]; col++) mask[18 * SHAPE[1] + col] = 1; // a gap row through the user block
  mask[5] = 2;
  mask[700] = 8;
  mask[31 * SHAPE[1] + 40] = 16 | 2;
  return mask;
}

function mapMeta(meta: DatasetMeta, options: { file?: string; apply?: boolean }, baseDir?: string): DatasetMeta {
  const full = { apply: true, ...options };
  return maskTransform.mapMeta(meta, baseDir === undefined ? { options: full } : { options: full, baseDir });
}

function optionsError(body: () => unknown, option: string): BeamstackError {
  try {
    body();
  } catch (error) {
    expect(error).toBeInstanceOf(BeamstackError);
    expect((error as BeamstackError).code).toBe(ErrorCodes.OPTIONS);
    expect((error as BeamstackError).context.option).toBe(option);
    return error as BeamstackError;
  }
  throw new Error('accepted');
}

describeInterop('mask metadata', ['numpy'], () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let userFile: string;
  let user: Uint8Array;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    userFile = join(dir, 'user.npy');
    writeUserMask(userFile, SHAPE, 3, 'bool');
    // The flags, straight from the file's bytes (bool .npy: one byte per pixel after the header).
    const bytes = readFileSync(userFile);
    user = new Uint8Array(bytes.subarray(bytes.length - SHAPE[0] * SHAPE[1]));
  });
  afterAll(() => cleanup());

  it('ORs bit 8 into the mask where the user masks, as a new array, and records the file', () => {
    const mask = datasetMask();
    const before = mask.slice();
    const meta = testMeta({ shape: SHAPE, mask });
    const out = mapMeta(meta, { file: userFile });
    const expected = new Uint32Array(mask.length);
    for (let i = 0; i < mask.length; i++) expected[i] = mask[i]! | (user[i] ? 256 : 0);
    expect(out.detector.pixelMask).toEqual(expected);
    expect(out.detector.pixelMask).not.toBe(mask);
    expect(mask).toEqual(before);
    // Pixels masked both ways keep both bits.
    expect(out.detector.pixelMask![18 * SHAPE[1] + 33]).toBe(1 | USER_MASK_BIT);
    const sha = run('sha256sum', [userFile]).stdout.split(' ')[0];
    expect(out.provenance.inputs).toEqual([{ path: userFile, bytes: readFileSync(userFile).length, sha256: sha }]);
    expect(out.detector.pixelMaskApplied).toBe(true);
    const strip = (m: DatasetMeta): unknown => ({ ...m, provenance: null, detector: { ...m.detector, pixelMask: null, pixelMaskApplied: null } });
    expect(strip(out)).toEqual(strip(meta));
  });

  it('builds a mask from the user file alone when the dataset has none', () => {
    const out = mapMeta(testMeta({ shape: SHAPE, mask: null }), { file: userFile });
    expect(Array.from(out.detector.pixelMask!, (v) => (v === USER_MASK_BIT ? 1 : v === 0 ? 0 : -1))).toEqual(Array.from(user));
  });

  it('resolves a relative path against the stack folder (baseDir), never the working directory', () => {
    const out = mapMeta(testMeta({ shape: SHAPE, mask: null }), { file: 'user.npy' }, dir);
    expect(out.provenance.inputs[0]!.path).toBe(userFile);
    expect(optionsError(() => mapMeta(testMeta({ shape: SHAPE }), { file: 'user.npy' }, '/'), 'file').message).toMatch(/mask file \/user\.npy: cannot be read/);
    expect(optionsError(() => mapMeta(testMeta({ shape: SHAPE }), { file: 'user.npy' }), 'file').message).toMatch(/needs the stack's folder/);
    // An absolute path needs no folder.
    expect(mapMeta(testMeta({ shape: SHAPE }), { file: userFile }).provenance.inputs[0]!.path).toBe(userFile);
    expect(relative(dir, userFile)).toBe('user.npy');
  });

  it('refuses a mask for other frames, naming the option and both shapes', () => {
    const message = optionsError(() => mapMeta(testMeta({ shape: [96, 64] }), { file: userFile }), 'file').message;
    expect(message).toMatch(/has shape \(64, 96\), the frames here are \(96, 64\)/);
  });

  it('pixelMaskApplied tells the truth about the pixels that come out', () => {
    const notApplied = (m: DatasetMeta): DatasetMeta => ({ ...m, detector: { ...m.detector, pixelMaskApplied: false } });
    const meta = testMeta({ shape: SHAPE, mask: datasetMask() });
    // apply (default): every masked pixel gets the masked value.
    expect(mapMeta(notApplied(meta), {}).detector.pixelMaskApplied).toBe(true);
    expect(mapMeta(notApplied(meta), {}).detector.pixelMask).toBe(meta.detector.pixelMask);
    // apply: false with new user pixels keeping their counts: no longer applied.
    expect(mapMeta(meta, { file: userFile, apply: false }).detector.pixelMaskApplied).toBe(false);
    expect(mapMeta(notApplied(meta), { file: userFile, apply: false }).detector.pixelMaskApplied).toBe(false);
    // apply: false where the user masks only pixels masked already: unchanged.
    const all = new Uint32Array(SHAPE[0] * SHAPE[1]).fill(2);
    expect(maskedMeta(testMeta({ shape: SHAPE, mask: all }), { masked: user, input: { path: 'u', bytes: 1, sha256: null } }, false).detector.pixelMaskApplied).toBe(true);
  });

  it('refuses to do nothing (apply: false and no file)', () => {
    expect(optionsError(() => mapMeta(testMeta({ shape: SHAPE }), { apply: false }), 'apply').message).toMatch(/would do nothing/);
  });

  it('the sha256 matches what node computes too', () => {
    const out = mapMeta(testMeta({ shape: SHAPE }), { file: userFile });
    expect(out.provenance.inputs[0]!.sha256).toBe(createHash('sha256').update(readFileSync(userFile)).digest('hex'));
  });
});
