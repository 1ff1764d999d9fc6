import { definePlugin } from '@beamstack/contract';
import { selectTransform } from './stage.js';

export { selectTransform } from './stage.js';
export { parseFrameSpec, type FrameSelection } from './spec.js';
export default definePlugin({ stages: [selectTransform] });
