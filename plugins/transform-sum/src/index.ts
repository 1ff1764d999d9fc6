import { definePlugin } from '@beamstack/contract';
import { sumTransform } from './stage.js';

export { sumTransform } from './stage.js';
export { sumOptionsSchema, windowSize, MAX_WINDOW_BYTES, type SumOptions } from './options.js';
export { mapSumMeta, planSum, type SumPlan } from './meta.js';
export { sumFrames, type SumSpec } from './sum-frames.js';
export * from './counts.js';
export default definePlugin({ stages: [sumTransform] });
