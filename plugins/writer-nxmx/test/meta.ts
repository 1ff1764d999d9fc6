import type { DatasetMeta, DType } from '@beamstack/contract';

export const H = 514;
export const W = 1030;
export const BEAM: readonly [number, number] = [484.35, 220.52];

/** Eiger 500K-like module mask: gap rows/columns flagged 1, a few defective pixels flagged 2/4/8. */
export function makeMask(h = H, w = W): Uint32Array {
  const mask = new Uint32Array(h * w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const gapColumn = x >= 256 * 2 + 2 && x < 256 * 2 + 4; // between chips
      const gapRow = y === 256 || y === 257;
      if (gapColumn || gapRow) mask[y * w + x] = 1;
    }
  }
  for (const [x, y, v] of [[10, 10, 2], [700, 300, 4], [1000, 500, 8]] as const) mask[y * w + x] = v;
  return mask;
}

/** A complete DatasetMeta built by hand (there is no simulator to ask yet). */
export function makeMeta(overrides: { frameCount?: number; dtype?: DType; mask?: Uint32Array | null } = {}): DatasetMeta {
  const frameCount = overrides.frameCount ?? 5;
  const dtype = overrides.dtype ?? 'uint32';
  const bits = dtype.endsWith('8') ? 8 : dtype.endsWith('16') ? 16 : 32;
  return {
    frameCount,
    shape: [H, W],
    dtype,
    detector: {
      description: 'Dectris EIGER2 Si 500K (test)',
      serialNumber: 'E-00-0001',
      sensorMaterial: 'Si',
      sensorThickness_m: 450e-6,
      pixelSize_m: [75e-6, 75e-6],
      beamCenter_px: BEAM,
      distance_m: 0.15,
      countTime_s: 0.0099999,
      frameTime_s: 0.01,
      readoutTime_s: 1e-7,
      saturationValue: 2_000_000,
      underloadValue: -1,
      bitDepthImage: bits,
      bitDepthReadout: bits,
      thresholdEnergy_eV: 6350,
      pixelMask: overrides.mask === undefined ? makeMask() : overrides.mask,
      pixelMaskApplied: true,
      countrateCorrectionApplied: true,
      flatfieldCorrectionApplied: true,
      firmwareVersion: 'release-2023.1.0',
    },
    beam: { wavelength_A: 0.9762, flux_photons_per_s: 1e12, polarization: 0.99 },
    scan: { axis: 'omega', vector: [-1, 0, 0], start_deg: 10, increment_deg: 0.1, angles_deg: null },
    sample: { name: 'lysozyme (test)' },
    facility: {
      sourceName: 'Test Light Source',
      sourceShortName: 'TLS',
      instrumentName: 'TEST BEAMLINE X1',
      instrumentShortName: 'X1',
    },
    startTime: '2024-05-01T12:00:00.000Z',
    provenance: {
      inputs: [{ path: '/data/in/run_master.h5', bytes: 12345, sha256: 'ab'.repeat(32) }],
      steps: [
        {
          plugin: '@beamstack/source-simulate',
          version: '0.1.0',
          stage: 'simulate',
          options: { frames: frameCount, seed: 7 },
          time: '2024-05-01T12:00:00.000Z',
          host: '@beamstack/host@0.1.0',
        },
      ],
    },
    extras: { trigger_mode: 'exts', roi_mode: 'disabled', nframes_sum: 1, nimages: 999, 'bad/name': 1, flag: true, nothing: null },
  };
}

/** Deterministic frames: low counts, a few bright spots, masked pixels = 2^bits − 1. */
export function makeFrame(index: number, mask: Uint32Array | null, h = H, w = W): Uint32Array {
  const out = new Uint32Array(h * w);
  let state = (index + 1) * 2654435761;
  for (let i = 0; i < out.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    const r = state >>> 24;
    out[i] = r < 170 ? 0 : r < 230 ? 1 : r < 250 ? 2 : r;
    if (mask && mask[i] !== 0) out[i] = 0xffffffff;
  }
  out[(200 + index) * w + 300] = 50_000 + index;
  return out;
}
