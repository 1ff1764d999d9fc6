import type { DatasetMeta, DType, FrameShape } from '@beamstack/contract';

export interface TestMetaOptions {
  readonly shape?: FrameShape;
  readonly dtype?: DType;
  readonly frameCount?: number;
  readonly mask?: Uint32Array | null;
  readonly beamCenter_px?: readonly [number, number];
}

/**
 * A complete, plausible DatasetMeta (Eiger-like, 75 µm pixels, 150 mm, 0.9762 Å, 0.1° per frame)
 * for tests of stages that need a description but not a real dataset.
 */
export function testMeta(options: TestMetaOptions = {}): DatasetMeta {
  const shape = options.shape ?? [514, 1030];
  const dtype = options.dtype ?? 'uint32';
  const bits = dtype.endsWith('8') ? 8 : dtype.endsWith('16') ? 16 : 32;
  return {
    frameCount: options.frameCount ?? 5,
    shape,
    dtype,
    detector: {
      description: 'Dectris EIGER2 Si (test)',
      serialNumber: 'E-00-0000',
      sensorMaterial: 'Si',
      sensorThickness_m: 450e-6,
      pixelSize_m: [75e-6, 75e-6],
      beamCenter_px: options.beamCenter_px ?? [shape[1] * 0.47, shape[0] * 0.43],
      distance_m: 0.15,
      countTime_s: 0.0099999,
      frameTime_s: 0.01,
      readoutTime_s: 1e-7,
      saturationValue: bits === 16 ? 65534 : bits === 8 ? 254 : 2_000_000,
      underloadValue: -1,
      bitDepthImage: bits,
      bitDepthReadout: bits,
      thresholdEnergy_eV: 6350,
      pixelMask: options.mask === undefined ? null : options.mask,
      pixelMaskApplied: true,
      countrateCorrectionApplied: true,
      flatfieldCorrectionApplied: true,
      firmwareVersion: 'release-2020.2.2',
    },
    beam: { wavelength_A: 0.9762, flux_photons_per_s: null, polarization: null },
    scan: { axis: 'omega', vector: [-1, 0, 0], start_deg: 0, increment_deg: 0.1, angles_deg: null },
    sample: { name: 'test crystal' },
    facility: { sourceName: 'Test Light Source', sourceShortName: 'TLS', instrumentName: 'TEST BEAMLINE', instrumentShortName: 'TB' },
    startTime: '2024-05-01T12:00:00.000Z',
    provenance: { inputs: [], steps: [] },
    extras: {},
  };
}
