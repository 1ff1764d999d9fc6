import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BeamstackError, ErrorCodes } from '@beamstack/contract';
import { pythonJson, tempDir } from '@beamstack/testkit';
import { describeInterop } from '@beamstack/testkit/vitest';
import { loadUserMask, parseNpyMask } from '../src/index.js';

/** numpy writes a mask in some flavour and lists where it is nonzero (C order). */
function numpyWrites(path: string, code: string): number[] {
  return pythonJson<number[]>(
    `
import sys, json, numpy as np
rng = np.random.default_rng(5)
base = rng.random((37, 53)) < 0.2
${code}
np.save(sys.argv[1], m) if not isinstance(m, str) else None
print(json.dumps([int(i) for i in np.flatnonzero(np.asarray(base))]))
`,
    [path],
  );
}

function flagsAt(masked: Uint8Array): number[] {
  const out: number[] = [];
  masked.forEach((v, i) => {
    if (v) out.push(i);
  });
  return out;
}

function optionsError(body: () => unknown): BeamstackError {
  try {
    body();
  } catch (error) {
    expect(error).toBeInstanceOf(BeamstackError);
    expect((error as BeamstackError).code).toBe(ErrorCodes.OPTIONS);
    expect((error as BeamstackError).context.option).toBe('file');
    return error as BeamstackError;
  }
  throw new Error('accepted');
}

describeInterop('user mask .npy files as numpy writes them', ['numpy', 'h5py'], () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await tempDir()));
  afterAll(() => cleanup());

  it.each([
    ['bool', 'm = base'],
    ['uint8', 'm = base.astype(np.uint8) * 7'],
    ['uint32', 'm = base.astype(np.uint32) << 31'],
    ['uint16 big-endian', "m = (base.astype('>u2') * 256)"],
    ['int32 negative', 'm = base.astype(np.int32) * -1'],
    ['int64', 'm = base.astype(np.int64) << 40'],
    ['Fortran order', 'm = np.asfortranarray(base.astype(np.uint8))'],
    ['format 2.0', "import numpy.lib.format as fmt\nm = base.astype(np.uint8)\nwith open(sys.argv[1], 'wb') as fh:\n    fmt.write_array(fh, m, version=(2, 0))\nm = 'written'"],
  ])('%s: nonzero = masked, in C order', (name, code) => {
    const path = join(dir, `${name.replace(/\W+/g, '_')}.npy`);
    const expected = numpyWrites(path, code);
    expect(expected.length).toBeGreaterThan(200);
    const mask = loadUserMask(path, [37, 53]);
    expect(flagsAt(mask.masked)).toEqual(expected);
    expect(mask.input).toMatchObject({ path, bytes: readFileSync(path).length });
    expect(mask.input.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a mask of another shape, a 3-D array, floats and an HDF5 file, naming the option', () => {
    const wrongShape = join(dir, 'wrong.npy');
    numpyWrites(wrongShape, 'm = base.T.copy()');
    expect(optionsError(() => loadUserMask(wrongShape, [37, 53])).message).toMatch(/has shape \(53, 37\), the frames here are \(37, 53\)/);
    const cube = join(dir, 'cube.npy');
    numpyWrites(cube, 'm = np.stack([base, base])');
    expect(optionsError(() => loadUserMask(cube, [37, 53])).message).toMatch(/has shape \(2, 37, 53\); a mask is 2-D/);
    const floats = join(dir, 'floats.npy');
    numpyWrites(floats, 'm = base.astype(np.float32)');
    expect(optionsError(() => loadUserMask(floats, [37, 53])).message).toMatch(/holds '<f4'; a mask must be bool or integers/);
    const h5 = join(dir, 'mask.h5');
    pythonJson(`import sys, json, h5py, numpy as np\nh5py.File(sys.argv[1], 'w')['pixel_mask'] = np.zeros((37, 53), np.uint32)\nprint(json.dumps(1))`, [h5]);
    expect(optionsError(() => loadUserMask(h5, [37, 53])).message).toMatch(/is an HDF5 file.*convert the mask to \.npy/);
  });
});

describe('hostile .npy files', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await tempDir()));
  afterAll(() => cleanup());

  /** A well-formed 3 x 4 uint8 .npy, built by hand (format 1.0). */
  function npy(header: string, data: Uint8Array, version = 1): Uint8Array {
    const pad = (64 - ((10 + header.length + 1) % 64)) % 64;
    const text = header + ' '.repeat(pad) + '\n';
    const prefix = new Uint8Array(version === 1 ? 10 : 12);
    prefix.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
    const view = new DataView(prefix.buffer);
    if (version === 1) view.setUint16(8, text.length, true);
    else view.setUint32(8, text.length, true);
    return Buffer.concat([prefix, Buffer.from(text, 'latin1'), data]);
  }
  const good = "{'descr': '|u1', 'fortran_order': False, 'shape': (3, 4), }";
  const data = new Uint8Array([0, 1, 0, 0, 0, 0, 9, 0, 0, 0, 0, 1]);

  it('reads the hand-made file', () => {
    expect(flagsAt(parseNpyMask(npy(good, data), 'x.npy').masked)).toEqual([1, 6, 11]);
  });

  it.each([
    ['truncated data', npy(good, data.subarray(0, 11)), /holds 11 data bytes; shape \(3, 4\) of '\|u1' needs 12/],
    ['trailing bytes', npy(good, new Uint8Array(13)), /holds 13 data bytes/],
    ['a header longer than the file', (() => { const b = npy(good, data); new DataView(b.buffer, b.byteOffset).setUint16(8, 60000, true); return b; })(), /header of 60000 bytes does not fit/],
    ['a huge 2.0 header length', (() => { const b = npy(good, data, 2); new DataView(b.buffer, b.byteOffset).setUint32(8, 0xfffffff0, true); return b; })(), /header of 4294967280 bytes/],
    ['version 9', (() => { const b = npy(good, data); b[6] = 9; return b; })(), /format version 9\.0/],
    ['no shape', npy("{'descr': '|u1', 'fortran_order': False}", data), /lacks descr, fortran_order or shape/],
    ['a shape that is not numbers', npy("{'descr': '|u1', 'fortran_order': False, 'shape': (3, x), }", data), /is not a list of sizes/],
    ['an object array', npy("{'descr': '|O', 'fortran_order': False, 'shape': (3, 4), }", data), /holds '\|O'/],
    ['a text file', new TextEncoder().encode('0 1 0 0\n'), /is not a NumPy \.npy file/],
    ['an empty file', new Uint8Array(0), /is not a NumPy \.npy file/],
  ])('refuses %s with an OPTIONS error', (_name, bytes, message) => {
    expect(optionsError(() => parseNpyMask(bytes, 'bad.npy')).message).toMatch(message);
  });

  it('bounds the file size before reading it, and names files it cannot read', () => {
    const big = join(dir, 'big.npy');
    writeFileSync(big, Buffer.concat([npy(good, data), new Uint8Array(2 << 20)]));
    expect(optionsError(() => loadUserMask(big, [3, 4])).message).toMatch(/more than any 3x4 mask needs/);
    expect(optionsError(() => loadUserMask(join(dir, 'missing.npy'), [3, 4])).message).toMatch(/cannot be read: ENOENT/);
    expect(optionsError(() => loadUserMask(dir, [3, 4])).message).toMatch(/is not a regular file/);
    const text = join(dir, 'mask.txt');
    writeFileSync(text, '0 1\n');
    expect(optionsError(() => loadUserMask(text, [3, 4])).message).toMatch(/neither a NumPy \.npy file nor HDF5/);
  });
});
