import { definePlugin } from '@beamstack/contract';
import { nxmxWriter } from './stage.js';

export { nxmxWriter };
export { optionsSchema, type NxmxOptions } from './options.js';
export { EIGER_FW_VERSION } from './master-detector.js';

export default definePlugin({ stages: [nxmxWriter] });
