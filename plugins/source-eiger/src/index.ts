import { definePlugin } from '@beamstack/contract';
import { eigerSource } from './stage.js';

export { eigerSource } from './stage.js';
export { openEiger, type OpenDependencies } from './open.js';
export { eigerOptionsSchema, type EigerOptions } from './options.js';
export { EigerSession } from './session.js';
export type { OpenReader, ReaderFile, ReaderDataset } from './frames/reader-api.js';
export { firmwareAfter } from './meta/detector.js';
export { parseTime } from './meta/misc.js';
export { unitFactor } from './units.js';

export default definePlugin({ stages: [eigerSource] });
