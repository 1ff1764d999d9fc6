import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DatasetMeta } from '@beamstack/contract';
import { describeInterop } from '@beamstack/testkit/vitest';
import { codecCatalog, readAllFrames, tempDir } from '@beamstack/testkit';
import { openEiger, type EigerSession } from '../src/index.js';
import { makeEigerLike, npyFrame, pixelsOf, readNpy, realCodecs, sameArray, testContext, type EigerLike } from './helpers.js';

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  /** Expected session encoding codec (null = pixels). */
  readonly codec: string | null | 'deflate-or-pixels';
}

const COMMON = ['--frames', '5', '--shape', '96', '120', '--frames-per-file', '2'];
const CASES: readonly Case[] = [
  { name: 'bslz4 uint16, direct chunks', args: ['--compression', 'bslz4', '--dtype', 'uint16'], codec: 'bslz4' },
  { name: 'bslz4 uint32 + VDS', args: ['--compression', 'bslz4', '--dtype', 'uint32', '--vds'], codec: 'bslz4' },
  { name: 'bslz4 uint32 through the HDF5 filter', args: ['--compression', 'bslz4', '--dtype', 'uint32', '--write', 'filter'], codec: 'bslz4' },
  { name: 'lz4 uint32, direct chunks', args: ['--compression', 'lz4', '--dtype', 'uint32'], codec: 'lz4' },
  { name: 'lz4 uint16 through the HDF5 filter + VDS', args: ['--compression', 'lz4', '--dtype', 'uint16', '--write', 'filter', '--vds'], codec: 'lz4' },
  { name: 'shuffle + deflate uint16', args: ['--compression', 'deflate', '--dtype', 'uint16'], codec: 'deflate-or-pixels' },
  { name: 'unfiltered uint32 + VDS', args: ['--compression', 'none', '--dtype', 'uint32', '--vds'], codec: null },
  { name: 'unfiltered uint8', args: ['--compression', 'none', '--dtype', 'uint8'], codec: null },
];

describeInterop('master files written by make_eiger_like.py', ['h5py', 'hdf5plugin', 'numpy', 'bitshuffle', 'lz4'], () => {
  let root: string;
  let cleanup: () => Promise<void>;
  const sessions: EigerSession[] = [];
  beforeAll(async () => {
    ({ dir: root, cleanup } = await tempDir());
  });
  afterAll(async () => {
    for (const s of sessions) await s.close();
    await cleanup();
  });

  CASES.forEach((c, k) => {
    it(`${c.name}: metadata equal what the script wrote, frames equal expected_frames.npy`, async () => {
      const dir = join(root, `case${k}`);
      const made = makeEigerLike(dir, [...COMMON, ...c.args]);
      const { ctx, warnings } = testContext();
      const session = await openEiger({ path: made.master, verify: true }, ctx);
      sessions.push(session);
      expect(warnings).toEqual([]);
      checkMeta(session.meta, made, dir);
      // h5py's shuffle + gzip pipeline: a deflate codec plugin takes the chunks if one is loaded,
      // else HDF5 (h5wasm) decodes them to pixels.
      const h5pyDeflate = [{ id: 2, flags: 1, cdValues: [2] }, { id: 1, flags: 1, cdValues: [1] }];
      const expectedCodec = c.codec === 'deflate-or-pixels' ? (codecCatalog(realCodecs()).fromHdf5Filters(h5pyDeflate, 'uint16')?.codec.id ?? null) : c.codec;
      expect(session.encoding?.codec ?? null).toBe(expectedCodec);
      const frames = readNpy(join(dir, 'expected_frames.npy'));
      const got = await readAllFrames(session);
      got.forEach((frame, i) => {
        expect(frame.encoded?.codec ?? null).toBe(expectedCodec);
        expect(sameArray(pixelsOf(frame), npyFrame(frames, i)), `frame ${i}`).toBe(true);
      });
      if (c.args.includes('--vds')) {
        // The same frames through the virtual dataset.
        const viaVds = await openEiger({ path: made.master, dataset: '/entry/data/data', verify: false }, testContext().ctx);
        sessions.push(viaVds);
        expect(viaVds.meta.frameCount).toBe(made.frames);
        for (const i of [4, 0, 2]) expect(sameArray(pixelsOf(await viaVds.read(i)), npyFrame(frames, i)), `vds frame ${i}`).toBe(true);
      }
    });
  });
});

/** The constants make_eiger_like.py writes (PIXEL, WAVELENGTH, DISTANCE, EXPOSURE, OSC_*). */
function checkMeta(meta: DatasetMeta, made: EigerLike, dir: string): void {
  const d = meta.detector;
  expect(meta.frameCount).toBe(made.frames);
  expect(meta.shape).toEqual(made.shape);
  expect(meta.dtype).toBe(made.dtype);
  // Stored as float32 by the script: compare at float32 precision.
  expect(d.beamCenter_px[0]).toBeCloseTo(made.beam_center_xy[0], 4);
  expect(d.beamCenter_px[1]).toBeCloseTo(made.beam_center_xy[1], 4);
  expect(d.pixelSize_m[0]).toBeCloseTo(75e-6, 10);
  expect(d.pixelSize_m[1]).toBeCloseTo(75e-6, 10);
  expect(d.distance_m).toBeCloseTo(0.15, 7);
  expect(meta.beam.wavelength_A).toBe(0.9762);
  expect(meta.beam.flux_photons_per_s).toBe(1e12);
  expect(meta.scan).toMatchObject({ axis: 'omega', vector: [-1, 0, 0], start_deg: 0, increment_deg: 0.1, angles_deg: null });
  expect(d.countTime_s).toBeCloseTo(0.01 - 1e-7, 8);
  expect(d.frameTime_s).toBeCloseTo(0.01, 8);
  expect(d.readoutTime_s).toBeCloseTo(1e-7, 12);
  expect(d.saturationValue).toBe(made.saturation_value);
  expect(d.underloadValue).toBe(-1);
  expect(d.bitDepthImage).toBe(Number(made.dtype.slice(4)));
  expect(d.thresholdEnergy_eV).toBe(6350);
  expect(d.sensorMaterial).toBe('Si');
  expect(d.sensorThickness_m).toBeCloseTo(450e-6, 9);
  expect(d.description).toMatch(/^Dectris EIGER2 Si 4M \(synthetic\)$/);
  expect(d.serialNumber).toBe('E-00-0000');
  expect(d.firmwareVersion).toBe('release-2020.2.2');
  expect([d.pixelMaskApplied, d.countrateCorrectionApplied, d.flatfieldCorrectionApplied]).toEqual([true, true, true]);
  const mask = readNpy(join(dir, 'expected_mask.npy'));
  expect(d.pixelMask).not.toBeNull();
  expect(sameArray(d.pixelMask!, mask.data)).toBe(true);
  expect(d.pixelMask!.filter((v) => v !== 0).length).toBe(made.masked_pixels);
  expect(meta.facility).toEqual({ sourceName: 'Synthetic Light Source', sourceShortName: 'SYN', instrumentName: 'SYNTHETIC BEAMLINE X1', instrumentShortName: 'X1' });
  expect(meta.sample.name).toBe('synthetic crystal');
  expect(meta.startTime).toBe('2024-05-01T12:00:00.000Z');
  expect(meta.provenance.inputs.map((i) => i.path)).toEqual([made.master, ...made.data_files.map((f) => join(dir, f))]);
  expect(meta.provenance.inputs.every((i) => i.bytes > 0 && i.sha256 === null)).toBe(true);
  expect(meta.extras).toEqual({ element: '', nframes_sum: 1, roi_mode: 'disabled', trigger_mode: 'exts' });
}
