import { definePlugin } from '@beamstack/contract';
import { verifiedByteOffsetCodec } from './codec.js';
import { cbfSource } from './stage.js';

export { cbfSource, verifiedByteOffsetCodec };
export { openCbf } from './open.js';
export { cbfSourceOptionsSchema, type CbfSourceOptions } from './options.js';
export { findSeries, frameNumber, type Series, type SeriesFile } from './series.js';
export { decodeCbfFile, frameParams, readCbfFile, type CbfFileReading } from './decode-file.js';
export { CbfSession } from './session.js';
export { STAGE_ID, VERIFIED_CODEC_ID } from './version.js';

export default definePlugin({ stages: [cbfSource, verifiedByteOffsetCodec] });
