import { dtypeInfo, maskedValue, type DatasetMeta } from '@beamstack/contract';

/**
 * The value masked pixels hold once the mask is applied: 2^bitDepthImage − 1 for unsigned data
 * (what DECTRIS writes and what check_nxmx/dxtbx expect), the type's maximum when bitDepthImage
 * does not fit the stored type, and −1 for signed data (the CBF convention).
 */
export function maskedValueFor(meta: DatasetMeta): number {
  const info = dtypeInfo(meta.dtype);
  if (info.signed) return maskedValue(meta.dtype);
  const bits = meta.detector.bitDepthImage;
  if (Number.isInteger(bits) && bits >= 1 && bits <= info.bytes * 8) return 2 ** bits - 1;
  return info.max;
}
