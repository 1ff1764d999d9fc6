import { definePlugin } from '@beamstack/contract';
import { roiTransform } from './stage.js';

export { roiTransform } from './stage.js';
export { rectFromOption, isWholeFrame, type Rect } from './rect.js';
export { dminRect, resolutionAtPixel } from './resolution.js';
export { regionFor, type RoiOptions } from './region.js';
export { croppedMeta } from './meta.js';
export { cropPixels } from './crop.js';
export default definePlugin({ stages: [roiTransform] });
