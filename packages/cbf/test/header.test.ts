import { ErrorCodes, type DatasetMeta } from '@beamstack/contract';
import { testMeta } from '@beamstack/testkit';
import { describe, expect, it } from 'vitest';
import {
  TEXT_BUDGET,
  buildFrameFile,
  detectorIdentity,
  dxtbxEigerFits,
  dxtbxPilatusFits,
  frameContents,
  headerPlan,
  metaFromCbf,
  oscillationAxis,
  parseCbf,
  parsePilatusLines,
  parseTimestamp,
  pilatusTimestamp,
  vectorFromOscillationAxis,
} from '../src/index.js';
import { codedError } from '@beamstack/testkit/vitest';
import { ascii, expectInput, sampleMeta } from './helpers.js';

const withDetector = (meta: DatasetMeta, description: string): DatasetMeta => ({ ...meta, detector: { ...meta.detector, description } });

describe('detector line and convention (what dxtbx reads)', () => {
  it('knows the module layouts dxtbx knows', () => {
    for (const [w, h] of [[1030, 514], [1030, 1065], [2070, 2167], [3110, 3269], [4150, 4371], [1028, 512], [2068, 2162], [4148, 4362], [514, 1030]]) {
      expect(dxtbxEigerFits(w!, h!), `${w}x${h}`).toBe(true);
    }
    for (const [w, h] of [[256, 256], [1030, 513], [2070, 2166], [1000, 1000], [100, 514]]) expect(dxtbxEigerFits(w!, h!), `${w}x${h}`).toBe(false);
    expect(dxtbxPilatusFits(2463, 2527)).toBe(true);
    expect(dxtbxPilatusFits(487, 195)).toBe(true);
    expect(dxtbxPilatusFits(1030, 514)).toBe(false);
  });

  it('keeps the description where dxtbx can use it, else says GENERIC_MINI without naming EIGER/PILATUS', () => {
    const eiger4m = detectorIdentity(withDetector(testMeta({ shape: [2167, 2070] }), 'Dectris EIGER2 Si 4M'));
    expect(eiger4m).toEqual({ convention: 'PILATUS_1.2', line: '# Detector: Dectris EIGER2 Si 4M, S/N E-00-0000', generic: false });
    const pilatus = detectorIdentity(withDetector(testMeta({ shape: [2527, 2463] }), 'PILATUS3 6M'));
    expect(pilatus.convention).toBe('PILATUS_1.2');
    const small = detectorIdentity(withDetector(testMeta({ shape: [256, 256] }), 'Dectris EIGER2-like Si test detector 256x256 (simulated)'));
    expect(small.generic).toBe(true);
    expect(small.convention).toBe('GENERIC_MINI');
    expect(small.line).not.toMatch(/eiger|pilatus/i);
    expect(detectorIdentity(withDetector(testMeta({ shape: [2000, 2000] }), 'Dectris EIGER2 Si 4M (cropped)')).generic).toBe(true);
    expect(detectorIdentity(withDetector(testMeta({ shape: [100, 100] }), 'Timepix quad')).convention).toBe('PILATUS_1.2');
    expect(detectorIdentity(withDetector(testMeta({ shape: [100, 100] }), 'CCD camera')).generic).toBe(true);
  });
});

describe('header lines of a frame', () => {
  const meta = sampleMeta();
  const plan = headerPlan(meta);

  it('has every Pilatus line dxtbx and fabio read, with exact numbers', () => {
    const lines = frameContents(plan, meta, 0);
    expect(lines.slice(0, 20)).toEqual([
      '# Detector: Dectris EIGER2 Si (test), S/N E-00-0000',
      '# 2024-05-01T12:00:00.000',
      '# Pixel_size 0.000075 m x 0.000075 m',
      '# Silicon sensor, thickness 0.00045 m',
      '# Exposure_time 0.0099999 s',
      '# Exposure_period 0.01 s',
      '# Count_cutoff 2000001 counts',
      '# Threshold_setting: 6350 eV',
      `# N_excluded_pixels = ${1030 + 2}`,
      '# Wavelength 0.9762 A',
      '# Detector_distance 0.15 m',
      `# Beam_xy (${1030 * 0.47}, ${514 * 0.43}) pixels`,
      '# Start_angle 0 deg.',
      '# Angle_increment 0.1 deg.',
      '# Omega 0 deg.',
      '# Omega_increment 0.1 deg.',
      '# Oscillation_axis X.CW',
      '# N_oscillations 1',
      lines[18],
      lines[19],
    ]);
    for (const line of lines) {
      expect(line).toMatch(/^# \S/);
      expect(line).toMatch(/^[\x20-\x7e]*$/);
    }
  });

  it('moves the timestamp and angles with the frame, following explicit angles when given', () => {
    const later = frameContents(plan, meta, 3);
    expect(later).toContain('# 2024-05-01T12:00:00.030');
    expect(later).toContain(`# Start_angle ${0 + 3 * 0.1} deg.`);
    const strided = { ...meta, scan: { ...meta.scan, angles_deg: [10, 10.5, 11, 11.5] } };
    expect(frameContents(headerPlan(strided), strided, 2)).toContain('# Start_angle 11 deg.');
    expect(frameContents(headerPlan(strided), strided, 2)).toContain('# Angle_increment 0.1 deg.');
  });

  it('writes flux, polarization and passed-on Pilatus extras only when known', () => {
    const rich = { ...meta, beam: { ...meta.beam, flux_photons_per_s: 1e12, polarization: 0.99 }, extras: { Tau: '0 s', Chi: '12 deg.', Omega: '5 deg.', nimages: 5, Gain_setting: 'x\ny' } };
    const lines = frameContents(headerPlan(rich), rich, 0);
    expect(lines).toContain('# Flux 1000000000000');
    expect(lines).toContain('# Polarization 0.99');
    expect(lines).toContain('# Tau 0 s');
    expect(lines).toContain('# Chi 12 deg.');
    expect(lines).toContain('# Gain_setting x y');
    expect(lines).not.toContain('# Omega 5 deg.');
    expect(lines.join('\n')).not.toContain('nimages');
    expect(frameContents(plan, meta, 0).join('\n')).not.toMatch(/Flux|Polarization/);
  });

  it('names only principal rotation axes', () => {
    expect(oscillationAxis([-1, 0, 0])).toBe('X.CW');
    expect(oscillationAxis([1, 0, 0])).toBe('X.CCW');
    expect(oscillationAxis([0, 1, 0])).toBe('Y.CW');
    expect(oscillationAxis([0, 0, -1])).toBe('Z.CW');
    expect(oscillationAxis([0.6, 0.8, 0])).toBeNull();
    for (const v of [[-1, 0, 0], [1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]] as const) expect(vectorFromOscillationAxis(oscillationAxis(v)!)).toEqual(v);
  });

  it('keeps the text inside fabio\'s 8 KiB window, leaving out provenance that does not fit', () => {
    const inputs = Array.from({ length: 500 }, (_, k) => ({ path: `/data/very/long/folder/name/series_${k}_master.h5`, bytes: k, sha256: 'cd'.repeat(32) }));
    const steps = [{ ...meta.provenance.steps[0]!, options: { huge: 'x'.repeat(5000) } }, meta.provenance.steps[0]!];
    const big = { ...meta, provenance: { inputs, steps } };
    const p = headerPlan(big);
    expect(p.omitted.steps).toBe(0);
    expect(p.omitted.inputs).toBeGreaterThan(400);
    const bytes = buildFrameFile(new Uint32Array(514 * 1030), big, 0, { dataBlock: 'x_000001', producer: 'test' });
    const text = ascii(bytes);
    expect(text.indexOf('--CIF-BINARY-FORMAT-SECTION--')).toBeLessThan(TEXT_BUDGET);
    const contents = parseCbf(bytes, 'x').cif.contents!;
    expect(contents.every((l) => l.length <= 80 || l.startsWith('# Detector'))).toBe(true);
    expect(contents.join('\n')).toContain('left out');
    expect(contents.join('\n')).toContain('Beamstack omitted.1');
  });

  it('refuses descriptions no reader could use', () => {
    const bad = { ...meta, beam: { ...meta.beam, wavelength_A: Number.NaN } };
    const e = codedError(() => headerPlan(bad));
    expect(e.code).toBe(ErrorCodes.OUTPUT);
    expect(e.message).toMatch(/wavelength/);
    expect(codedError(() => headerPlan({ ...meta, detector: { ...meta.detector, pixelSize_m: [0, 1] } })).message).toMatch(/pixel size/);
  });

  it('formats and parses Pilatus timestamps', () => {
    expect(pilatusTimestamp(Date.parse('2024-05-01T12:00:00.123Z'))).toBe('2024-05-01T12:00:00.123');
    expect(pilatusTimestamp(Number.NaN)).toBe('1970-01-01T00:00:00.000');
    expect(parseTimestamp('2024-05-01T12:00:00.123')).toBe('2024-05-01T12:00:00.123Z');
    expect(parseTimestamp('2016/Mar/04 09:10:11.5')).toBe('2016-03-04T09:10:11.500Z');
    expect(parseTimestamp('2024-13-01T12:00:00')).toBeNull();
    expect(parseTimestamp('yesterday')).toBeNull();
  });
});

describe('DatasetMeta → header → DatasetMeta', () => {
  it('is lossless for everything a CBF can say', () => {
    const meta = { ...sampleMeta(), beam: { wavelength_A: 1.0332, flux_photons_per_s: 3.5e11, polarization: 0.99 } };
    const bytes = buildFrameFile(new Uint32Array(514 * 1030), meta, 0, { dataBlock: 'x_000001', producer: 'test' });
    const { meta: back, warnings } = metaFromCbf(parseCbf(bytes, 'x'), 'x', { frameCount: 4, frameOffsets: null, pixelMask: null, inputs: [] });
    expect(warnings).toEqual([]);
    expect(back.shape).toEqual(meta.shape);
    expect(back.dtype).toBe('int32');
    const { pixelMask: _a, bitDepthImage: _b, saturationValue: _c, ...d1 } = back.detector;
    const { pixelMask: _d, bitDepthImage: _e, saturationValue: _f, ...d0 } = meta.detector;
    expect(d1).toEqual({ ...d0, pixelMaskApplied: true });
    expect(back.detector.saturationValue).toBe(meta.detector.saturationValue);
    expect(back.detector.bitDepthImage).toBe(32);
    expect(back.beam).toEqual(meta.beam);
    expect(back.scan).toEqual(meta.scan);
    expect(back.sample).toEqual(meta.sample);
    expect(back.facility).toEqual(meta.facility);
    expect(back.startTime).toBe(meta.startTime);
    expect(back.provenance.steps).toEqual(meta.provenance.steps);
  });

  it('starts the scan at the first file\'s angle and follows numbering gaps', () => {
    const meta = sampleMeta();
    const bytes = buildFrameFile(new Uint32Array(514 * 1030), meta, 2, { dataBlock: 'x_000003', producer: 'test' });
    const { meta: back } = metaFromCbf(parseCbf(bytes, 'x'), 'x', { frameCount: 3, frameOffsets: [0, 1, 5], pixelMask: null, inputs: [] });
    expect(back.scan.start_deg).toBeCloseTo(0.2, 12);
    const start = 2 * 0.1;
    expect(back.scan.angles_deg).toEqual([start, start + 0.1, start + 5 * 0.1]);
    expect(back.startTime).toBe('2024-05-01T12:00:00.020Z');
  });
});

describe('header → DatasetMeta: missing and malformed lines', () => {
  const fileWith = (lines: string[]): Uint8Array => {
    const meta = sampleMeta();
    const bytes = buildFrameFile(new Uint32Array(514 * 1030), meta, 0, { dataBlock: 'x', producer: 'test' });
    const text = ascii(bytes);
    const start = text.indexOf(';\r\n') + 3;
    const end = text.indexOf('\r\n;\r\n', start);
    const replaced = text.slice(0, start) + lines.join('\r\n') + text.slice(end);
    return new Uint8Array(Buffer.from(replaced, 'latin1'));
  };
  const facts = { frameCount: 1, frameOffsets: null, pixelMask: null, inputs: [] };
  const minimal = ['# Pixel_size 75e-6 m x 75e-6 m', '# Wavelength 1 A', '# Detector_distance 0.2 m', '# Beam_xy (1, 2) pixels', '# Exposure_period 0.1 s', '# Start_angle 0 deg.', '# Angle_increment 0.5 deg.'];

  it('needs the lines dxtbx needs and names the file and the key', () => {
    for (const k of minimal.keys()) {
      const lines = minimal.filter((_, j) => j !== k);
      const key = /^# (\S+)/.exec(minimal[k]!)![1]!;
      expectInput(() => metaFromCbf(parseCbf(fileWith(lines), 'f.cbf'), 'f.cbf', facts), 'f.cbf', new RegExp(`lacks "# ${key}"`));
    }
    expectInput(() => metaFromCbf(parseCbf(fileWith([]), 'f.cbf'), 'f.cbf', facts), 'f.cbf', /lacks "# Pixel_size", "# Wavelength"/);
  });

  it('refuses malformed values', () => {
    const bad: [string, RegExp][] = [
      ['# Pixel_size 75e-6 m', /Pixel_size/],
      ['# Pixel_size -75e-6 m x 75e-6 m', /Pixel_size/],
      ['# Wavelength NaN A', /Wavelength/],
      ['# Wavelength 0 A', /Wavelength/],
      ['# Beam_xy 1, 2 pixels', /Beam_xy/],
      ['# Start_angle ten deg.', /Start_angle/],
      ['# Silicon sensor, thickness thick m', /sensor line/],
      ['# Count_cutoff 1.5 counts', /Count_cutoff/],
    ];
    for (const [line, message] of bad) {
      const key = /^# (\S+)/.exec(line)![1]!;
      const lines = [...minimal.filter((l) => !l.startsWith(`# ${key} `)), line];
      expectInput(() => metaFromCbf(parseCbf(fileWith(lines), 'f.cbf'), 'f.cbf', facts), 'f.cbf', message);
    }
  });

  it('uses defaults for optional lines and says which', () => {
    const { meta, warnings } = metaFromCbf(parseCbf(fileWith(minimal), 'f.cbf'), 'f.cbf', facts);
    expect(warnings.join(' ')).toMatch(/lacks "# Exposure_time", "# Count_cutoff", "# Threshold_setting", "# Detector", "# <material> sensor, thickness", "# timestamp"/);
    expect(meta.detector.countTime_s).toBe(0.1);
    expect(meta.detector.distance_m).toBe(0.2);
    expect(meta.scan).toEqual({ axis: 'omega', vector: [-1, 0, 0], start_deg: 0, increment_deg: 0.5, angles_deg: null });
    expect(meta.startTime).toBe('1970-01-01T00:00:00.000Z');
    const tolerant = parsePilatusLines(['# Beamstack meta.1 {broken']);
    expect(tolerant.records).toHaveLength(1);
    const withBroken = metaFromCbf(parseCbf(fileWith([...minimal, '# Beamstack meta.1 {broken']), 'f.cbf'), 'f.cbf', facts);
    expect(withBroken.warnings.join(' ')).toMatch(/meta" record is unreadable/);
  });
});
