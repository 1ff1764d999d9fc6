import { buildFrameFile } from '@beamstack/cbf';
import { BeamstackError, ErrorCodes, type DatasetMeta, type Frame } from '@beamstack/contract';
import { frameFileName, dataBlockName } from './names.js';
import type { CbfWriterOptions } from './options.js';
import { CBF_FILE_FORM, PACKAGE_NAME, PACKAGE_VERSION, STAGE_ID } from './version.js';

/** What follows "###CBF: VERSION 1.5, " on the first line of every file we write. */
export const PRODUCER = `beamstack ${PACKAGE_NAME} ${PACKAGE_VERSION}`;

/**
 * The whole file of one frame, built where it is called (a pool worker, through `prepare`):
 * Eiger → CBF pixel rules, byte-offset encoding, Content-MD5, header, padding. The main thread
 * then only writes the bytes.
 */
export function prepareFrame(frame: Frame, options: CbfWriterOptions, meta: DatasetMeta): Frame {
  if (frame.encoded?.codec === CBF_FILE_FORM) return frame;
  const pixels = frame.pixels;
  if (!pixels) {
    throw new BeamstackError(ErrorCodes.INPUT, `the CBF writer takes pixels, got ${frame.encoded?.codec ?? 'nothing'} chunks`, { frame: frame.index, stage: STAGE_ID });
  }
  const name = frameFileName(options.prefix, frame.index + 1, options.digits);
  const bytes = buildFrameFile(pixels, meta, frame.index, { dataBlock: dataBlockName(name), producer: PRODUCER });
  return { index: frame.index, shape: frame.shape, dtype: 'int32', encoded: { codec: CBF_FILE_FORM, params: {}, bytes } };
}
