import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BeamstackError, dtypeInfo, pixelBytes, pixelsFromBytes, type DType, type FrameShape, type PixelArray } from '@beamstack/contract';
import { PYTHON, checkCbf, pythonJson, run, writeNpy } from '@beamstack/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sameBytes } from '@beamstack/testkit/data';
import { decodeByteOffset, dtypeFromCbfElementType, encodeByteOffset } from '../src/index.js';
import { cbfFile } from './cbf-file.js';
import { simulatedCbfFrame } from './frames.js';
import { PATTERNS, makePixels, samePixels, widestDelta } from './patterns.js';
import { describeCbfReaders } from './readers.js';

const PY_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), 'py');
const DTYPE_LIST: readonly DType[] = ['int32', 'uint32', 'int16', 'uint16', 'int8', 'uint8'];
const SHAPES: readonly FrameShape[] = [[1, 1], [1, 5], [7, 13], [33, 31]];

/** Runs one of the scripts in test/py with Debian's python. */
function runScript<T>(script: string, dir: string): T {
  const result = run(PYTHON, [join(PY_DIR, script), dir], { cwd: PY_DIR });
  if (result.status !== 0) throw new Error(`${script} failed (${result.status}):\n${result.stderr}`);
  const lines = result.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as T;
}

/**
 * Where CBFlib 0.9.7 (cif2cbf -c b) is seen to write the §8.2 bytes: every value and every
 * difference fits the signed range of the element width, and no int8 value is negative. Outside
 * that it may store a difference modulo 2^bits (its reader wraps too): seen for jumps wider than
 * the signed range, for uint16 values above 32767, and for negative int8 values (−1 after 0 is
 * written as +255).
 */
function cbflibWritesExact(pixels: PixelArray, dtype: DType): boolean {
  const limit = 2 ** (8 * dtypeInfo(dtype).bytes - 1);
  if (dtype === 'int8' && pixels.some((v) => v < 0)) return false;
  return pixels.every((v) => v >= -limit && v < limit) && widestDelta(pixels) < limit;
}

describeCbfReaders('our payloads in fabio and CBFlib', () => {
  interface Case {
    readonly name: string;
    readonly dtype: DType;
    readonly shape: FrameShape;
    readonly pixels: PixelArray;
    readonly payload: Uint8Array;
  }
  interface Result {
    readonly name: string;
    readonly fabio_int64: boolean;
    readonly fabio_open: boolean;
    readonly cbflib_values: boolean;
    readonly cbflib_same_bytes?: boolean;
    readonly cbflib_error?: string;
  }
  const dir = mkdtempSync(join(tmpdir(), 'beamstack-byte-offset-'));
  const cases: Case[] = [];
  let results = new Map<string, Result>();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    let seed = 0;
    for (const dtype of DTYPE_LIST) {
      for (const shape of SHAPES) {
        for (const pattern of PATTERNS) {
          const pixels = makePixels(dtype, shape[0] * shape[1], pattern, ++seed);
          cases.push({ name: `${dtype}-${pattern}-${shape.join('x')}`, dtype, shape, pixels, payload: encodeByteOffset(pixels) });
        }
      }
    }
    const frame = await simulatedCbfFrame();
    cases.push({ name: 'simulate-4m-int32', dtype: 'int32', shape: frame.shape, pixels: frame.pixels, payload: encodeByteOffset(frame.pixels) });
    for (const c of cases) {
      writeFileSync(join(dir, `${c.name}.cbf`), cbfFile(c.payload, c.dtype, c.shape));
      writeFileSync(join(dir, `${c.name}.raw`), pixelBytes(c.pixels));
    }
    writeFileSync(join(dir, 'cases.json'), JSON.stringify(cases.map(({ name, dtype, shape }) => ({ name, dtype, shape }))));
    const report = runScript<{ results: Result[] }>('ours_to_them.py', dir);
    results = new Map(report.results.map((r) => [r.name, r]));
  }, 300_000);

  it('fabio decodes every payload exactly (decByteOffset, int64)', () => {
    expect(results.size).toBe(cases.length);
    const wrong = cases.filter((c) => !results.get(c.name)!.fabio_int64).map((c) => c.name);
    expect(wrong).toEqual([]);
  });

  it('fabio.open reads every file, except int32 data with 64-bit deltas (fabio 0.14 int32 reader bug)', () => {
    const wrong = cases.filter((c) => !results.get(c.name)!.fabio_open);
    for (const c of wrong) {
      expect(c.dtype, c.name).toBe('int32');
      expect(widestDelta(c.pixels), c.name).toBeGreaterThan(2 ** 31 - 1);
    }
    expect(results.get('simulate-4m-int32')!.fabio_open).toBe(true);
  });

  it('CBFlib decodes every payload to the same values', () => {
    const wrong = cases.filter((c) => !results.get(c.name)!.cbflib_values).map((c) => `${c.name}: ${results.get(c.name)!.cbflib_error ?? 'values differ'}`);
    expect(wrong).toEqual([]);
  });

  it('CBFlib re-encodes (-c b) to our bytes wherever it does not wrap', () => {
    const comparable = cases.filter((c) => cbflibWritesExact(c.pixels, c.dtype));
    expect(comparable.length).toBeGreaterThan(cases.length / 3);
    expect(comparable.map((c) => c.name)).toContain('simulate-4m-int32');
    const differing = comparable.filter((c) => results.get(c.name)!.cbflib_same_bytes !== true).map((c) => c.name);
    expect(differing).toEqual([]);
  });

  it('the shared CBF oracle accepts the realistic frame and its values', () => {
    const frame = cases.find((c) => c.name === 'simulate-4m-int32')!;
    const npy = join(dir, 'expected.npy');
    writeNpy(npy, 'int32', frame.shape, [frame.pixels]);
    const { report } = checkCbf([join(dir, `${frame.name}.cbf`)], ['--no-minicbf', '--expect-npy', npy, '--quiet']);
    expect(report.errors).toEqual([]);
    expect(report.ok).toBe(true);
  });
});

describeCbfReaders('fabio and CBFlib payloads in our decoder', () => {
  interface Case {
    readonly name: string;
    readonly dtype: DType;
    readonly shape: FrameShape;
    readonly cbflib_element_type?: string;
    readonly cbflib_error?: string;
  }
  const dir = mkdtempSync(join(tmpdir(), 'beamstack-byte-offset-'));
  let cases: Case[] = [];
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const read = (name: string, kind: string): Uint8Array => new Uint8Array(readFileSync(join(dir, `${name}.${kind}`)));
  const values = (c: Case): PixelArray => pixelsFromBytes(c.dtype, read(c.name, 'values'));
  /** Our decode, or the DECODE error it gave. */
  const decode = (payload: Uint8Array, c: Case): PixelArray | BeamstackError => {
    try {
      return decodeByteOffset(payload, c.dtype, c.shape[0] * c.shape[1]);
    } catch (error) {
      expect(error).toBeInstanceOf(BeamstackError);
      expect((error as BeamstackError).code).toBe('BEAMSTACK_E_DECODE');
      return error as BeamstackError;
    }
  };

  beforeAll(async () => {
    const frame = await simulatedCbfFrame({}, 7);
    writeFileSync(join(dir, 'simulate-4m-int32.raw'), pixelBytes(frame.pixels));
    writeFileSync(join(dir, 'extra.json'), JSON.stringify([{ name: 'simulate-4m-int32', dtype: 'int32', shape: frame.shape }]));
    cases = runScript<{ cases: Case[] }>('them_to_ours.py', dir).cases;
  }, 300_000);

  it('decodes fabio payloads like the values whenever fabio wrote the exact encoding', () => {
    let exact = 0;
    for (const c of cases) {
      const payload = read(c.name, 'fabio');
      const expected = values(c);
      const decoded = decode(payload, c);
      if (sameBytes(payload, encodeByteOffset(expected))) {
        exact++;
        expect(decoded instanceof BeamstackError ? decoded.message : samePixels(decoded, expected), c.name).toBe(true);
      } else {
        // fabio's int32 path wraps differences modulo 2^32 (also for uint32 data): then we must
        // agree with fabio's own exact decoder where its values fit the dtype, and refuse otherwise.
        const fabioValues = new BigInt64Array(read(c.name, 'fabio-decoded').slice().buffer);
        const { min, max } = dtypeInfo(c.dtype);
        const fits = fabioValues.every((v) => v >= BigInt(min) && v <= BigInt(max));
        if (fits) expect(decoded instanceof BeamstackError ? decoded.message : Array.from(decoded), c.name).toEqual(Array.from(fabioValues, Number));
        else expect(decoded, c.name).toBeInstanceOf(BeamstackError);
      }
    }
    expect(exact).toBeGreaterThan(cases.length / 2);
    expect(samePixels(decode(read('simulate-4m-int32', 'fabio'), cases.find((c) => c.name === 'simulate-4m-int32')!) as PixelArray, values(cases.find((c) => c.name === 'simulate-4m-int32')!))).toBe(true);
  });

  it('decodes CBFlib payloads like the values, or refuses the ones with wrapped deltas', () => {
    let exact = 0;
    for (const c of cases.filter((k) => k.cbflib_error === undefined)) {
      expect(dtypeFromCbfElementType(c.cbflib_element_type ?? '')).toBe(c.dtype);
      const payload = read(c.name, 'cbflib');
      const expected = values(c);
      const decoded = decode(payload, c);
      if (sameBytes(payload, encodeByteOffset(expected))) {
        exact++;
        expect(decoded instanceof BeamstackError ? decoded.message : samePixels(decoded, expected), c.name).toBe(true);
      } else {
        // CBFlib wrote a difference modulo 2^bits: at the first such delta the exact sum is off by a
        // multiple of 2^bits, so it leaves the dtype and the payload is refused, never misread.
        expect(cbflibWritesExact(expected, c.dtype), c.name).toBe(false);
        expect(decoded, c.name).toBeInstanceOf(BeamstackError);
        expect((decoded as BeamstackError).message).toMatch(/outside|64-bit delta|truncated/);
      }
    }
    expect(exact).toBeGreaterThan(cases.length / 2);
    const realistic = cases.find((c) => c.name === 'simulate-4m-int32')!;
    expect(sameBytes(read(realistic.name, 'cbflib'), encodeByteOffset(values(realistic)))).toBe(true);
  });

  it('only the cases CBFlib cannot encode lack a CBFlib payload', () => {
    // CBFlib 0.9.7's cif2cbf aborts (heap corruption) when the byte-offset output outgrows the raw data.
    for (const c of cases.filter((k) => k.cbflib_error !== undefined)) {
      expect(c.name).toMatch(/-(random|extremes)-/);
    }
  });
});
