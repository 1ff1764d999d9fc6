import { definePlugin } from '@beamstack/contract';
import { simulateSource } from './stage.js';

export { simulateSource } from './stage.js';
export { simulateOptionsSchema, resolveSimulateOptions } from './options.js';
export type { SimulateOptions, SimulateOptionsInput } from './options.js';
export { simulatedSpots, simulatedCrystal } from './spots.js';
export type { SpotRange, SimulatedCrystal } from './spots.js';
export type { SimulatedSpot } from './reflections.js';
export { pixelToLab, rayToPixel, twoThetaAt, resolutionAt } from './geometry.js';
export type { DetectorFrame, Vec3 } from './geometry.js';
export { DETECTOR_NAMES, EIGER_MODULE, detectorGeometry, isGapPixel } from './detectors.js';
export type { DetectorName, DetectorGeometry } from './detectors.js';
export { MaskBits } from './mask.js';
export { saturationFor } from './scene.js';

export default definePlugin({ stages: [simulateSource] });
