import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCodes, pixelBytes, type Frame, type WriterSession } from '@beamstack/contract';
import { afterAll, describe, expect, it } from 'vitest';
import plugin, { nxmxWriter, optionsSchema } from '../src/index.js';
import { storedLz4 } from './codec-stub.js';
import { writerContext } from './context.js';
import { H, W, makeFrame, makeMask, makeMeta } from './meta.js';
import { checkNxmx, pythonJson, writeNpy } from '@beamstack/testkit';
import { itInterop } from '@beamstack/testkit/vitest';

const itH5 = itInterop(['h5py', 'hdf5plugin', 'numpy']);

const root = mkdtempSync(join(tmpdir(), 'beamstack-nxmx-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = (): string => join(root, `run${++dirs}`);

const OPTIONS = { prefix: 'series', framesPerFile: 2, vds: true };
const mask = makeMask();
const frames = Array.from({ length: 5 }, (_, i) => makeFrame(i, mask));

function pixelFrame(index: number): Frame {
  return { index, shape: [H, W], dtype: 'uint32', pixels: frames[index]! };
}

function encodedFrame(index: number): Frame {
  return { index, shape: [H, W], dtype: 'uint32', encoded: { codec: 'lz4-raw-test', params: {}, bytes: storedLz4(pixelBytes(frames[index]!)) } };
}

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    if (typeof p === 'function') await p();
    else await p;
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('nxmx writer stage', () => {
  it('is the default export of the plugin, with the declared options and accepts', () => {
    expect(plugin.stages).toEqual([nxmxWriter]);
    expect(nxmxWriter).toMatchObject({ kind: 'writer', id: 'nxmx', accepts: { pixels: true, encoded: 'hdf5' } });
    expect(nxmxWriter.options).toBe(optionsSchema);
    expect(optionsSchema.properties.framesPerFile.default).toBe(1000);
    expect(optionsSchema.properties.prefix.default).toBe('series');
    expect(optionsSchema.properties.vds.default).toBe(true);
  });

  for (const mode of ['pixels', 'encoded'] as const) {
    itH5(`writes 5 frames as ${mode} into 3 data files that check_nxmx and dxtbx accept`, async () => {
      const out = freshDir();
      const ctx = writerContext(out, mode === 'pixels' ? null : { codec: 'lz4-raw-test', params: {} });
      const session = await nxmxWriter.open(makeMeta(), OPTIONS, ctx);
      for (let i = 0; i < 5; i++) await session.write(mode === 'pixels' ? pixelFrame(i) : encodedFrame(i));
      const result = await session.close();

      expect(result.frames).toBe(5);
      expect(result.files.map((f) => [f.path.slice(out.length + 1), f.role])).toEqual([
        ['series_data_000001.h5', 'data'],
        ['series_data_000002.h5', 'data'],
        ['series_data_000003.h5', 'data'],
        ['series_master.h5', 'master'],
      ]);
      expect(readdirSync(out).sort()).toEqual(['series_data_000001.h5', 'series_data_000002.h5', 'series_data_000003.h5', 'series_master.h5']);

      const npy = join(root, `expected-${mode}.npy`);
      writeNpy(npy, 'uint32', [5, H, W], frames.map((f) => pixelBytes(f)));
      const maskNpy = join(root, 'expected-mask.npy');
      writeNpy(maskNpy, 'uint32', [H, W], [pixelBytes(mask)]);
      const master = join(out, 'series_master.h5');
      const plain = checkNxmx(master, ['--expect-npy', npy, '--expect-mask-npy', maskNpy]);
      expect(plain.report.errors).toEqual([]);
      expect(plain.report.ok).toBe(true);
      expect(plain.status).toBe(0);
      const blocks = plain.report['blocks'] as { filters: { id: number }[]; image_nr: number[]; stored_chunks: number }[];
      expect(blocks.map((b) => b.image_nr)).toEqual([[1, 2], [3, 4], [5, 5]]);
      expect(blocks.map((b) => b.filters.map((f) => f.id))).toEqual(mode === 'pixels' ? [[], [], []] : [[32004], [32004], [32004]]);
      expect(plain.report['data_alias']).toEqual({ virtual: true, shape: [5, H, W] });

      const withDials = checkNxmx(master, ['--expect-npy', npy, '--dxtbx']);
      expect(withDials.report.errors).toEqual([]);
      expect(withDials.report.ok).toBe(true);
      expect(withDials.status).toBe(0);
      const dx = withDials.report['dxtbx'] as { num_images: number; beam_centre_px: number[]; distance_mm: number; image_size: number[]; oscillation: number[]; frames_compared: number };
      expect(dx.num_images).toBe(5);
      expect(dx.frames_compared).toBe(5);
      expect(dx.image_size).toEqual([W, H]);
      expect(dx.beam_centre_px[0]).toBeCloseTo(484.35, 2);
      expect(dx.beam_centre_px[1]).toBeCloseTo(220.52, 2);
      expect(dx.distance_mm).toBeCloseTo(150, 3);
      expect(dx.oscillation[0]).toBeCloseTo(10, 6);
      expect(dx.oscillation[1]).toBeCloseTo(0.1, 6);
      // Warnings the oracle may give for this layout: none expected beyond the extras we chose.
      expect(withDials.report.warnings).toEqual([]);
    });
  }

  itH5('derives every master field from DatasetMeta (DECTRIS names, types, units, provenance, extras)', async () => {
    const out = freshDir();
    const ctx = writerContext(out, { codec: 'lz4-raw-test', params: {} });
    const session = await nxmxWriter.open(makeMeta(), { prefix: 'p', framesPerFile: 3, vds: true }, ctx);
    for (let i = 0; i < 4; i++) await session.write(encodedFrame(i));
    await session.close();
    const code = [
      'import h5py, json, sys',
      'f = h5py.File(sys.argv[1], "r")',
      'def v(p):',
      '    x = f[p][()]',
      '    return x.decode() if isinstance(x, bytes) else (x.tolist() if hasattr(x, "tolist") else x)',
      'def a(p, n):',
      '    x = f[p].attrs[n]',
      '    return x.decode() if isinstance(x, bytes) else (x.tolist() if hasattr(x, "tolist") else x)',
      'd = "/entry/instrument/detector"',
      's = d + "/detectorSpecific"',
      'm = d + "/module"',
      'out = {',
      ' "definition": v("/entry/definition"), "end_time": v("/entry/end_time"), "signal": a("/entry/data", "signal"),',
      ' "links": sorted(k for k in f["/entry/data"].keys()),',
      ' "ext": f["/entry/data"].get("data_000002", getlink=True).filename,',
      ' "nimages": v(s + "/nimages"), "nimages_dtype": str(f[s + "/nimages"].dtype), "ntrigger": v(s + "/ntrigger"),',
      ' "fw": v(s + "/eiger_fw_version"), "src_fw": v(s + "/source_eiger_fw_version"), "compression": v(s + "/compression"),',
      ' "xpix": v(s + "/x_pixels_in_detector"), "ypix": v(s + "/y_pixels_in_detector"),',
      ' "trigger_mode": v(s + "/trigger_mode"), "nframes_sum": v(s + "/nframes_sum"), "flag": v(s + "/flag"),',
      ' "has_nothing": "nothing" in f[s], "excluded": v(s + "/number_of_excluded_pixels"),',
      ' "mask_layout": [type(f[d].get("pixel_mask", getlink=True)).__name__, f[d].get("pixel_mask", getlink=True).path, f[s + "/pixel_mask"].chunks, str(f[s + "/pixel_mask"].dtype)],',
      ' "masks_equal": bool((f[d + "/pixel_mask"][()] == f[s + "/pixel_mask"][()]).all()),',
      ' "data_size": v(m + "/data_size"), "offset": a(m + "/module_offset", "offset"), "det_z": v(d + "/transformations/det_z"),',
      ' "det_z_units": a(d + "/transformations/det_z", "units"), "fast": a(m + "/fast_pixel_direction", "vector"),',
      ' "omega": v("/entry/sample/transformations/omega"), "omega_end": v("/entry/sample/transformations/omega_end"),',
      ' "gon_total": v("/entry/sample/goniometer/omega_range_total"), "wavelength": v("/entry/instrument/beam/incident_wavelength"),',
      ' "wl_units": a("/entry/instrument/beam/incident_wavelength", "units"), "source": v("/entry/source/name"),',
      ' "short": a("/entry/source/name", "short_name"), "program": v("/entry/process_01/program"),',
      ' "options": v("/entry/process_01/options/data"), "process_class": a("/entry/process_01", "NX_class"),',
      ' "input": v("/entry/input_files/file_01/file_name"), "sha": v("/entry/input_files/file_01/sha256"),',
      ' "nx_class_size": f["/entry"].attrs.get_id("NX_class").get_type().get_size(),',
      '}',
      'print(json.dumps(out))',
    ].join('\n');
    const got = pythonJson<Record<string, unknown>>(code, [join(out, 'p_master.h5')]);
    expect(got).toMatchObject({
      definition: 'NXmx',
      end_time: '2024-05-01T12:00:00.040Z',
      signal: 'data',
      links: ['data', 'data_000001', 'data_000002'],
      ext: 'p_data_000002.h5',
      nimages: 4,
      nimages_dtype: 'uint64',
      ntrigger: 1,
      fw: 'release-2020.2.2',
      src_fw: 'release-2023.1.0',
      compression: 'lz4',
      xpix: W,
      ypix: H,
      trigger_mode: 'exts',
      nframes_sum: 1,
      flag: 1,
      has_nothing: false,
      excluded: [...mask].filter((v) => v !== 0).length,
      // one contiguous mask in detectorSpecific (Neggia), reached from NXdetector by a soft link (DIALS)
      mask_layout: ['SoftLink', '/entry/instrument/detector/detectorSpecific/pixel_mask', null, 'uint32'],
      masks_equal: true,
      data_size: [H, W],
      det_z: 150,
      det_z_units: 'mm',
      fast: [-1, 0, 0],
      gon_total: 0.4,
      wavelength: 0.9762,
      wl_units: 'angstrom',
      source: 'Test Light Source',
      short: 'TLS',
      program: '@beamstack/source-simulate',
      options: '{"frames":5,"seed":7}',
      process_class: 'NXprocess',
      input: '/data/in/run_master.h5',
      sha: 'ab'.repeat(32),
      nx_class_size: 8,
    });
    expect(got['offset'] as number[]).toEqual([484.35 * 0.075, 220.52 * 0.075, 0].map((x) => expect.closeTo(x, 9)));
    expect(got['omega'] as number[]).toEqual([10, 10.1, 10.2, 10.3].map((x) => expect.closeTo(x, 9)));
    expect(got['omega_end'] as number[]).toEqual([10.1, 10.2, 10.3, 10.4].map((x) => expect.closeTo(x, 9)));
    // nimages in extras (999) must not override the frames actually written; 'bad/name' is reported.
    expect(ctx.warnings.map((w) => w.message)).toEqual([expect.stringContaining('bad/name')]);
  });

  it('keeps everything under hidden temporary names until close, and abort leaves nothing', async () => {
    const out = freshDir();
    const session: WriterSession = await nxmxWriter.open(makeMeta(), OPTIONS, writerContext(out, null));
    for (let i = 0; i < 3; i++) await session.write(pixelFrame(i));
    const during = readdirSync(out);
    expect(during.length).toBe(2);
    for (const name of during) expect(name).toMatch(/^\.series_data_00000[12]\.h5\.partial-\d+$/);
    await session.abort(new Error('test'));
    expect(readdirSync(out)).toEqual([]);
    expect(await codeOf(() => session.write(pixelFrame(3)))).toBe(ErrorCodes.OUTPUT);
  });

  it('accepts overlapping write() calls and keeps their order; abort waits for writes in flight', async () => {
    const out = freshDir();
    const session = await nxmxWriter.open(makeMeta(), OPTIONS, writerContext(out, null));
    const pending = [0, 1, 2, 3, 4].map((i) => session.write(pixelFrame(i)));
    await Promise.all(pending);
    const result = await session.close();
    expect(result.frames).toBe(5);
    expect(result.files.length).toBe(4);

    const other = freshDir();
    const s2 = await nxmxWriter.open(makeMeta(), OPTIONS, writerContext(other, null));
    const inFlight = [0, 1, 2].map((i) => Promise.resolve(s2.write(pixelFrame(i))).catch(() => undefined));
    await s2.abort(new Error('cancelled'));
    await Promise.all(inFlight);
    expect(readdirSync(other)).toEqual([]);
  });

  it('refuses frames out of order, of the wrong form or shape, with INPUT errors', async () => {
    const out = freshDir();
    const session = await nxmxWriter.open(makeMeta(), OPTIONS, writerContext(out, null));
    await session.write(pixelFrame(0));
    try {
      await session.write(pixelFrame(2));
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: ErrorCodes.INPUT, context: { frame: 2 } });
    }
    expect(await codeOf(() => session.write(encodedFrame(1)))).toBe(ErrorCodes.INPUT);
    expect(await codeOf(() => session.write({ index: 1, shape: [H, W - 1], dtype: 'uint32', pixels: new Uint32Array(H * (W - 1)) }))).toBe(ErrorCodes.INPUT);
    expect(await codeOf(() => session.write({ index: 1, shape: [H, W], dtype: 'uint32', pixels: new Uint32Array(10) }))).toBe(ErrorCodes.INPUT);
    await session.write(pixelFrame(1));
    const result = await session.close();
    expect(result.frames).toBe(2);

    const enc = await nxmxWriter.open(makeMeta(), OPTIONS, writerContext(freshDir(), { codec: 'lz4-raw-test', params: {} }));
    expect(await codeOf(() => enc.write(pixelFrame(0)))).toBe(ErrorCodes.INPUT);
    const wrongCodec: Frame = { index: 0, shape: [H, W], dtype: 'uint32', encoded: { codec: 'other', params: {}, bytes: new Uint8Array(4) } };
    expect(await codeOf(() => enc.write(wrongCodec))).toBe(ErrorCodes.INPUT);
    await enc.abort(null);
  });

  it('validates options and refuses to replace existing output', async () => {
    const out = freshDir();
    const ctx = writerContext(out, null);
    for (const prefix of ['a/b', '../x', '.hidden', '', 'a..b', 'x\\y', 'new\nline']) {
      try {
        await nxmxWriter.open(makeMeta(), { ...OPTIONS, prefix }, ctx);
        expect.unreachable(`prefix ${JSON.stringify(prefix)} accepted`);
      } catch (e) {
        expect(e).toMatchObject({ code: ErrorCodes.OPTIONS, context: { option: 'prefix' } });
      }
    }
    expect(new RegExp(optionsSchema.properties.prefix.pattern).test('../x')).toBe(false);
    expect(new RegExp(optionsSchema.properties.prefix.pattern).test('run-01_a.b')).toBe(true);
    expect(await codeOf(() => nxmxWriter.open(makeMeta(), { ...OPTIONS, framesPerFile: 0 }, ctx))).toBe(ErrorCodes.OPTIONS);
    expect(await codeOf(() => nxmxWriter.open(makeMeta(), OPTIONS, writerContext(out, { codec: 'unknown', params: {} })))).toBe(ErrorCodes.OUTPUT);
    writeFileSync(join(out, 'series_master.h5'), 'old');
    expect(await codeOf(() => nxmxWriter.open(makeMeta(), OPTIONS, ctx))).toBe(ErrorCodes.OUTPUT);
  });

  itH5('writes a valid master without data links when no frame arrived (and a zero mask when none is known)', async () => {
    const out = freshDir();
    const ctx = writerContext(out, null);
    const session = await nxmxWriter.open(makeMeta({ frameCount: 0, mask: null }), OPTIONS, ctx);
    const result = await session.close();
    expect(result).toMatchObject({ frames: 0, files: [{ role: 'master' }] });
    expect(ctx.warnings.map((w) => w.message)).toContainEqual(expect.stringContaining('no frames'));
    const got = pythonJson<{ nimages: number; data: string[]; mask_max: number; mask_shape: number[]; nx_mask: boolean }>(
      [
        'import h5py,json,sys; f=h5py.File(sys.argv[1]); s=f["/entry/instrument/detector/detectorSpecific"]',
        'print(json.dumps({"nimages": int(s["nimages"][()]), "data": list(f["/entry/data"]), "mask_max": int(s["pixel_mask"][()].max()),',
        '  "mask_shape": list(s["pixel_mask"].shape), "nx_mask": "pixel_mask" in f["/entry/instrument/detector"]}))',
      ].join('\n'),
      [join(out, 'series_master.h5')],
    );
    expect(got).toEqual({ nimages: 0, data: [], mask_max: 0, mask_shape: [H, W], nx_mask: false });
  });
});
