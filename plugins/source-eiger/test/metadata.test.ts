import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DatasetMeta } from '@beamstack/contract';
import { describeInterop } from '@beamstack/testkit/vitest';
import { tempDir } from '@beamstack/testkit';
import { firmwareAfter, openEiger, parseTime } from '../src/index.js';
import { makeEigerLike, python, testContext, type EigerLike } from './helpers.js';

/** Applies h5py edits to a copy of a master: argv = master, then Python statements using `f`. */
const EDIT = `
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], 'r+') as f:
    D = f['/entry/instrument/detector']
    S = D['detectorSpecific']
    def put(path, value, **attrs):
        if path in f: del f[path]
        f[path] = value
        for k, v in attrs.items(): f[path].attrs[k] = v
    for statement in sys.argv[2:]:
        exec(statement)
`;

describeInterop('metadata fields from their alternative places', ['h5py', 'hdf5plugin', 'numpy', 'bitshuffle'], () => {
  let root: string;
  let cleanup: () => Promise<void>;
  let made: EigerLike;
  let n = 0;
  beforeAll(async () => {
    ({ dir: root, cleanup } = await tempDir());
    // x/y_pixel_size are float32 there, so centres converted through them agree to ~1e-5 px.
    made = makeEigerLike(join(root, 'base'), ['--frames', '4', '--shape', '64', '96', '--frames-per-file', '2', '--compression', 'bslz4', '--dtype', 'uint16', '--no-npy']);
  });
  afterAll(() => cleanup());

  /** A copy of the base series with these h5py edits applied to its master; opened and closed. */
  const edited = async (...statements: string[]): Promise<{ meta: DatasetMeta; warnings: string[] }> => {
    const dir = join(root, `edit${n++}`);
    await mkdir(dir);
    for (const f of ['series_master.h5', ...made.data_files]) await copyFile(join(root, 'base', f), join(dir, f));
    const master = join(dir, 'series_master.h5');
    python(EDIT, [master, ...statements]);
    const t = testContext();
    const session = await openEiger({ path: master, verify: false }, t.ctx);
    await session.close();
    return { meta: session.meta, warnings: t.warnings };
  };

  it('unchanged: no warnings (the baseline the other cases differ from)', async () => {
    const { meta, warnings } = await edited();
    expect(warnings).toEqual([]);
    expect(meta.beam.wavelength_A).toBe(0.9762);
  });

  it('wavelength from the old-firmware sample/beam, then from photon_energy', async () => {
    const a = await edited("del f['/entry/instrument/beam/incident_wavelength']", "f['/entry/sample/beam/incident_wavelength'][()] = 1.25");
    expect(a.meta.beam.wavelength_A).toBe(1.25);
    expect(a.warnings.join()).toMatch(/disagrees with photon_energy/);
    const b = await edited("del f['/entry/instrument/beam/incident_wavelength']", "del f['/entry/sample/beam/incident_wavelength']", "put(S.name + '/photon_energy', 12000.0, units='eV')");
    expect(b.meta.beam.wavelength_A).toBeCloseTo(12398.419843320026 / 12000, 12);
    expect(b.warnings).toEqual([]);
  });

  it('distance and beam centre honour their units', async () => {
    const { meta, warnings } = await edited(
      "put(D.name + '/detector_distance', 150.0, units='mm')",
      "put(D.name + '/distance', 15.0, units='cm')",
      `put(D.name + '/beam_center_x', ${made.beam_center_xy[0]} * 0.075, units='mm')`,
    );
    expect(meta.detector.distance_m).toBeCloseTo(0.15, 12);
    expect(meta.detector.beamCenter_px[0]).toBeCloseTo(made.beam_center_xy[0], 4);
    expect(warnings).toEqual([]);
  });

  it('beam centre disagreeing with module_offset: warned, beam_center_x/y used; module_offset alone is enough', async () => {
    const a = await edited(`put(D.name + '/beam_center_x', ${made.beam_center_xy[0] + 3}, units='pixel')`);
    expect(a.meta.detector.beamCenter_px[0]).toBe(made.beam_center_xy[0] + 3);
    expect(a.warnings.join()).toMatch(/disagree with module_offset/);
    const b = await edited("del D['beam_center_x']", "del D['beam_center_y']");
    expect(b.meta.detector.beamCenter_px[0]).toBeCloseTo(made.beam_center_xy[0], 4);
    expect(b.meta.detector.beamCenter_px[1]).toBeCloseTo(made.beam_center_xy[1], 4);
    expect(b.warnings).toEqual([]);
  });

  it('irregular omega angles become per-frame angles; the increment falls back to omega_end − omega', async () => {
    const a = await edited("f['/entry/sample/transformations/omega'][...] = np.array([0.0, 0.1, 0.5, 0.6])");
    expect(a.meta.scan.angles_deg).toEqual([0, 0.1, 0.5, 0.6]);
    expect(a.meta.scan.increment_deg).toBe(0.1);
    const b = await edited(
      "del f['/entry/sample/transformations/omega_increment_set']",
      "del f['/entry/sample/goniometer/omega_increment']",
      "f['/entry/sample/transformations/omega'][...] = 10 + 0.25 * np.arange(4)",
      "f['/entry/sample/transformations/omega_end'][...] = 10.25 + 0.25 * np.arange(4)",
    );
    expect(b.meta.scan).toMatchObject({ start_deg: 10, increment_deg: 0.25, angles_deg: null });
  });

  it('angles in radians are converted', async () => {
    const { meta } = await edited(
      "f['/entry/sample/transformations/omega'][...] = np.radians(0.1 * np.arange(4))",
      "f['/entry/sample/transformations/omega'].attrs['units'] = 'rad'",
    );
    expect(meta.scan.start_deg).toBe(0);
    expect(meta.scan.angles_deg).toBeNull();
  });

  it('data_size order follows the firmware rule (fast-first after 2022.1.2)', async () => {
    const newer = await edited("S['eiger_fw_version'][()] = b'release-2023.1.0'", "D['module/data_size'][...] = [96, 64]");
    expect(newer.warnings).toEqual([]);
    expect(newer.meta.shape).toEqual([64, 96]);
    const older = await edited("D['module/data_size'][...] = [96, 64]");
    expect(older.warnings.join()).toMatch(/data_size is \[96, 64\] \(the other axis order\)/);
    expect(older.meta.shape).toEqual([64, 96]);
  });

  it('frame counts cross-checked against nimages × ntrigger and image_nr_low/high', async () => {
    const { meta, warnings } = await edited(
      "S['ntrigger'][()] = 2",
      "import os; g = h5py.File(os.path.join(os.path.dirname(sys.argv[1]), 'series_data_000002.h5'), 'r+'); g['/entry/data/data'].attrs['image_nr_low'] = np.uint64(7); g.close()",
    );
    expect(meta.frameCount).toBe(4);
    expect(warnings.join()).toMatch(/hold 4 frames but nimages × ntrigger = 8/);
    expect(warnings.join()).toMatch(/data_000002: image_nr_low\/high are 7\.\.4 but the file holds series images 3\.\.4/);
  });

  it('start time without zone (data_collection_date) is taken as UTC; a uint16 mask only in detectorSpecific is widened', async () => {
    const { meta, warnings } = await edited(
      "del f['/entry/start_time']",
      "mask = D['pixel_mask'][()]",
      "del D['pixel_mask']",
      "del S['pixel_mask']",
      "S['pixel_mask'] = mask.astype(np.uint16)",
    );
    expect(meta.startTime).toBe('2024-05-01T12:00:00.000Z');
    expect(warnings.join()).toMatch(/no time zone/);
    expect(meta.detector.pixelMask).toBeInstanceOf(Uint32Array);
    expect(meta.detector.pixelMask!.filter((v) => v !== 0).length).toBe(made.masked_pixels);
  });

  it('helpers', () => {
    expect(firmwareAfter('release-2022.1.2', [2022, 1, 2])).toBe(false);
    expect(firmwareAfter('release-2022.1.3', [2022, 1, 2])).toBe(true);
    expect(firmwareAfter('1.8.0', [2022, 1, 2])).toBe(false);
    expect(parseTime('2020-05-28T10:53:24.417+02:00')).toEqual({ iso: '2020-05-28T08:53:24.417Z', zoned: true });
    expect(parseTime('2024-05-01 12:00:00.123456')).toEqual({ iso: '2024-05-01T12:00:00.123Z', zoned: false });
    expect(parseTime('yesterday')).toBeNull();
  });
});
