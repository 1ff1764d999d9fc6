import type { DatasetMeta } from '@beamstack/contract';
import { POLARIZATION } from './background.js';
import type { SimulationModel } from './model.js';

/** DECTRIS firmware string: ≤ 2022.1.2 so dxtbx reads data_size slow-first (FORMATS §7.2). */
export const FIRMWARE_VERSION = 'release-2020.2.2';
/** Fixed so that identical options give identical files. */
export const START_TIME = '2024-05-01T12:00:00.000Z';
/** EIGER2 dead time between frames. */
const READOUT_TIME_S = 1e-7;
const PHOTON_ENERGY_EV_ANGSTROM = 12398.42;
const FLUX_PHOTONS_PER_S = 1e12;

/** The complete description of the simulated series. */
export function buildMeta(model: SimulationModel): DatasetMeta {
  const { scene, crystal } = model;
  const { options, geometry } = scene;
  const photonEnergy = PHOTON_ENERGY_EV_ANGSTROM / options.wavelength;
  const [a, b, c, alpha, beta, gamma] = crystal.cell;
  const cell = [a, b, c].map((v) => v.toFixed(1)).join(' ') + ' ' + [alpha, beta, gamma].map((v) => v.toFixed(1)).join(' ');
  return {
    frameCount: options.frames,
    shape: [scene.height, scene.width],
    dtype: options.dtype,
    detector: {
      description: geometry.description,
      serialNumber: geometry.serialNumber,
      sensorMaterial: geometry.sensorMaterial,
      sensorThickness_m: geometry.sensorThickness_m,
      pixelSize_m: [...scene.detector.pixelSize_m],
      beamCenter_px: [...scene.detector.beamCenter_px],
      distance_m: options.distance,
      countTime_s: options.exposure > 2 * READOUT_TIME_S ? options.exposure - READOUT_TIME_S : options.exposure,
      frameTime_s: options.exposure,
      readoutTime_s: READOUT_TIME_S,
      saturationValue: scene.saturation,
      underloadValue: -1,
      bitDepthImage: scene.bits,
      bitDepthReadout: scene.bits,
      // EIGER2 sets the threshold at half the photon energy.
      thresholdEnergy_eV: Math.round(photonEnergy / 2),
      // A copy: the host may move it into shared memory, and the model's copy must stay intact.
      pixelMask: model.defects.mask.slice(),
      pixelMaskApplied: true,
      countrateCorrectionApplied: true,
      flatfieldCorrectionApplied: true,
      firmwareVersion: FIRMWARE_VERSION,
    },
    beam: { wavelength_A: options.wavelength, flux_photons_per_s: FLUX_PHOTONS_PER_S, polarization: POLARIZATION },
    scan: {
      axis: 'omega',
      vector: [...scene.axis],
      start_deg: options.startAngle,
      increment_deg: options.oscillation,
      angles_deg: null,
    },
    sample: { name: `simulated crystal (P1, cell ${cell})` },
    facility: {
      sourceName: 'Simulated Light Source',
      sourceShortName: 'SIM',
      instrumentName: 'SIMULATED BEAMLINE S1',
      instrumentShortName: 'S1',
    },
    startTime: START_TIME,
    provenance: { inputs: [], steps: [] },
    extras: {},
  };
}
