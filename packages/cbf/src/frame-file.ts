import { contentMd5, encodeByteOffset } from '@beamstack/codec-byte-offset';
import { BeamstackError, ErrorCodes, dtypeOf, type DatasetMeta, type PixelArray } from '@beamstack/contract';
import { buildCifText } from './cif-text.js';
import { PAD_4K } from './constants.js';
import { frameContents, headerPlan } from './header-plan.js';
import { assembleCbf } from './layout.js';
import { buildBinaryHeader } from './mime.js';
import { toCbfValues } from './pixels.js';

export interface FrameFileOptions {
  /** CIF data block name (the file name without ".cbf"); letters, digits, "_", "-", "." only. */
  readonly dataBlock: string;
  /** Who wrote the file, after "###CBF: VERSION 1.5, " (e.g. "beamstack @beamstack/writer-cbf 0.1.0"). */
  readonly producer: string;
}

/**
 * One complete miniCBF file for frame `index` of a dataset: pixels converted by the Eiger → CBF
 * rules, byte-offset encoded, Content-MD5 of the payload, the PILATUS_1.2 header from `meta`,
 * 4095 bytes of padding. Pure CPU work meant for a worker thread; the result is a fresh,
 * transferable buffer.
 */
export function buildFrameFile(pixels: PixelArray, meta: DatasetMeta, index: number, options: FrameFileOptions): Uint8Array {
  const [height, width] = meta.shape;
  if (pixels.length !== height * width || dtypeOf(pixels) !== meta.dtype) {
    throw new BeamstackError(ErrorCodes.INPUT, `frame pixels (${dtypeOf(pixels)} x ${pixels.length}) do not match the dataset (${meta.dtype} ${height}x${width})`, {
      frame: index,
    });
  }
  if (!/^[A-Za-z0-9_.-]{1,200}$/.test(options.dataBlock)) throw new RangeError(`bad CIF data block name ${JSON.stringify(options.dataBlock)}`);
  const plan = headerPlan(meta);
  const payload = encodeByteOffset(toCbfValues(pixels, plan.conversion));
  const head =
    buildCifText({ producer: options.producer, dataBlock: options.dataBlock, convention: plan.identity.convention, contents: frameContents(plan, meta, index) }) +
    buildBinaryHeader({ size: payload.length, dtype: 'int32', md5: contentMd5(payload), width, height, padding: PAD_4K });
  return assembleCbf(head, payload, PAD_4K);
}
