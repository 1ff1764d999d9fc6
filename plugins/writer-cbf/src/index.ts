import { definePlugin } from '@beamstack/contract';
import { cbfSeriesWriter } from './stage.js';

export { cbfSeriesWriter };
export { optionsSchema, type CbfWriterOptions } from './options.js';
export { prepareFrame, PRODUCER } from './prepare.js';
export { frameFileName } from './names.js';
export { STAGE_ID, PACKAGE_NAME, PACKAGE_VERSION, CBF_FILE_FORM } from './version.js';

export default definePlugin({ stages: [cbfSeriesWriter] });
