import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseCbf, parsePilatusLines } from '@beamstack/cbf';
import type { JsonObject } from '@beamstack/contract';
import { BeamstackHost, type RunSummary } from '@beamstack/host';
import { resolveSimulateOptions, simulateSource } from '@beamstack/source-simulate';
import { checkCbf, openRendered, ORACLE_DIR, PYTHON, run, tempDir, writeNpy } from '@beamstack/testkit';
import { describeInterop } from '@beamstack/testkit/vitest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeExpectedNpy } from './helpers.js';

describeInterop('CBF series written through the real host: fabio, CBFlib and DIALS read them', ['fabio', 'numpy', 'dxtbx'], () => {
  let root: string;
  let cleanup: () => Promise<void>;
  let host: BeamstackHost;
  beforeAll(async () => {
    ({ dir: root, cleanup } = await tempDir());
    host = new BeamstackHost({ workers: 2 });
  });
  afterAll(async () => {
    await host.close();
    await cleanup();
  });

  const runStack = async (name: string, stages: { use: string; with: JsonObject }[]): Promise<RunSummary> => {
    const summary = await host.run(await host.prepare({ label: name, dir: root, name, description: name, plugins: [], workers: null, stages }), { outDir: join(root, name) });
    expect(summary.error).toBeNull();
    return summary;
  };
  const files = (dir: string): string[] =>
    readdirSync(dir)
      .sort()
      .map((n) => join(dir, n));

  it('simulate (Eiger 500K) → cbf-series: every frame as expected, read by DIALS as an Eiger', async () => {
    const options = { detector: 'eiger-500k', frames: 3, seed: 4 };
    const summary = await runStack('sim', [{ use: 'simulate', with: options }, { use: 'cbf-series', with: { prefix: 'sim' } }]);
    expect(summary.frames).toMatchObject({ in: 3, out: 3 });
    expect(summary.outputs.map((o) => o.role)).toEqual(['frame', 'frame', 'frame']);
    const npy = join(root, 'sim.npy');
    const meta = await writeExpectedNpy(npy, options);
    const written = files(join(root, 'sim'));
    expect(written.map((p) => p.slice(-15))).toEqual(['sim_000001.cbf', 'sim_000002.cbf', 'sim_000003.cbf'].map((n) => n.padStart(15, '/')));
    const check = checkCbf(written, ['--expect-npy', npy, '--dxtbx']);
    expect(check.report.errors).toEqual([]);
    expect(check.report.warnings).toEqual([]);
    const infos = check.report['files'] as { dxtbx: { format_class: string; beam_centre_px: number[]; oscillation: number[] }; cbflib: string; fabio: string }[];
    expect(infos.map((f) => [f.fabio, f.cbflib, f.dxtbx.format_class])).toEqual(Array(3).fill(['ok', 'ok', 'FormatCBFMiniEiger']));
    infos.forEach((f, i) => {
      expect(f.dxtbx.beam_centre_px[0]).toBeCloseTo(meta.detector.beamCenter_px[0], 2);
      expect(f.dxtbx.oscillation[0]).toBeCloseTo(meta.scan.start_deg + i * meta.scan.increment_deg, 9);
    });
    // The chain is in every header: simulate, then this writer, with host and options.
    const header = parsePilatusLines(parseCbf(new Uint8Array(readFileSync(written[0]!)), 'x').cif.contents!);
    expect(header.records.map((r) => r.label)).toEqual(expect.arrayContaining(['meta.1', 'step1.1', 'step2.1']));
  });

  it('a 256 x 256 uint16 test detector → GENERIC_MINI files DIALS reads with its plain miniCBF class', async () => {
    const options = { detector: 'small', frames: 2, seed: 2, dtype: 'uint16' };
    await runStack('small', [{ use: 'simulate', with: options }, { use: 'cbf-series', with: { prefix: 'small' } }]);
    const { meta, render } = await openRendered(simulateSource, resolveSimulateOptions(options));
    const npy = join(root, 'small.npy');
    writeNpy(npy, 'int32', [2, 256, 256], [0, 1].map((i) => {
      const px = render(i) as Uint16Array;
      const mask = meta.detector.pixelMask!;
      return Int32Array.from(px, (v, k) => (mask[k]! & 1 ? -1 : mask[k]! & 0x7ffffffe ? -2 : v));
    }));
    const check = checkCbf(files(join(root, 'small')), ['--expect-npy', npy, '--dxtbx']);
    expect(check.report.errors).toEqual([]);
    const infos = check.report['files'] as { header_convention: string; dxtbx: { format_class: string; image_size: number[] } }[];
    expect(infos.map((f) => [f.header_convention, f.dxtbx.format_class, f.dxtbx.image_size])).toEqual(Array(2).fill(['GENERIC_MINI', 'FormatCBFMini', [256, 256]]));
  });

  it('Eiger HDF5 (h5py, bslz4) → eiger → cbf-series equals the oracle\'s own Eiger → CBF conversion', async () => {
    const input = join(root, 'eiger-in');
    const made = run(PYTHON, [join(ORACLE_DIR, 'make_eiger_like.py'), input, '--frames', '3', '--shape', '514', '1030', '--cbf', '--frames-per-file', '2', '--compression', 'bslz4']);
    expect(made.status, made.stderr).toBe(0);
    await runStack('e2c', [{ use: 'eiger', with: { path: join(input, 'series_master.h5') } }, { use: 'cbf-series', with: { prefix: 'conv' } }]);
    const ours = files(join(root, 'e2c'));
    const check = checkCbf(ours, ['--expect-npy', join(input, 'expected_cbf_frames.npy'), '--dxtbx']);
    expect(check.report.errors).toEqual([]);
    // Same geometry in our header as in the reference CBFs fabio wrote from the same master.
    const theirs = files(join(input, 'cbf'));
    for (let i = 0; i < 3; i++) {
      const a = parsePilatusLines(parseCbf(new Uint8Array(readFileSync(ours[i]!)), 'ours').cif.contents!).values;
      const b = parsePilatusLines(parseCbf(new Uint8Array(readFileSync(theirs[i]!)), 'theirs').cif.contents!).values;
      for (const key of ['Beam_xy', 'Detector_distance', 'Wavelength', 'Start_angle', 'Angle_increment', 'Exposure_period']) {
        const nums = (s: string): number[] => (s.match(/-?\d+(?:\.\d+)?(?:e-?\d+)?/gi) ?? []).map(Number);
        nums(a.get(key)!).forEach((v, k) => expect(v, `${key} of frame ${i + 1}`).toBeCloseTo(nums(b.get(key)!)[k]!, 4));
      }
    }
  });
});
