export * from './constants.js';
export { cbfInputError } from './errors.js';
export { compactJson, formatNumber, headerText, parseNumber } from './text.js';
export { buildBinaryHeader, parseBinaryHeader, type BinaryHeader, type BinaryHeaderFields } from './mime.js';
export { buildCifText, parseCifText, type CifText, type CifTextFields } from './cif-text.js';
export { MAX_PADDING, assembleCbf, maxCbfFileBytes, parseCbf, parseCbfHead, type CbfHead, type ParsedCbf } from './layout.js';
export { parsePilatusLines, RECORD_KEYWORD, type PilatusLines } from './pilatus-header.js';
export { recordLines, joinRecords } from './records.js';
export { dxtbxEigerFits, dxtbxPilatusFits } from './dxtbx-layout.js';
export { detectorIdentity, type DetectorIdentity } from './detector-line.js';
export { oscillationAxis, vectorFromOscillationAxis } from './axes.js';
export {
  GAP_VALUE,
  MASKED_VALUE,
  MAX_CUTOFF,
  cbfConversion,
  maskFromCbfValues,
  maskPlan,
  toCbfValues,
  type CbfConversion,
  type MaskPlan,
} from './pixels.js';
export { PASSED_ON_KEYS, META_RECORD_VERSION, frameContents, headerPlan, pilatusTimestamp, type HeaderPlan } from './header-plan.js';
export { buildFrameFile, type FrameFileOptions } from './frame-file.js';
export { REQUIRED_KEYS, metaFromCbf, parseTimestamp, type MetaFromCbf, type SeriesFacts } from './meta-from-header.js';
