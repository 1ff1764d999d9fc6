import { definePlugin } from '@beamstack/contract';
import { binTransform } from './stage.js';

export { binTransform } from './stage.js';
export { binOptionsSchema, type BinOptions } from './options.js';
export { mapBinMeta, planBin, type BinPlan } from './meta.js';
export { binnedShape, binnedDetector, type EdgeMode } from './geometry.js';
export { binMaskFacts, binnedMask, GAP_BIT, type BinMaskFacts } from './mask.js';
export { binPixels } from './bin-frame.js';
export { divideHalfEven } from './kernel.js';
export default definePlugin({ stages: [binTransform] });
