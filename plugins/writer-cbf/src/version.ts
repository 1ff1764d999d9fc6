/** This package's name and version (kept equal to package.json; a test checks it). */
export const PACKAGE_NAME = '@beamstack/writer-cbf';
export const PACKAGE_VERSION = '0.1.0';
export const STAGE_ID = 'cbf-series';
/** Codec id of the complete files `prepare` hands to `write` (not a registered codec). */
export const CBF_FILE_FORM = 'cbf-file';
