import { dtypeInfo, type DType } from '@beamstack/contract';

/**
 * How the kernels see a dtype. They work on int32 words: a value is `word ^ flip` shifted by
 * `offset`. Only uint32 needs the shift: its words are XORed with 2^31, which maps 0 … 2^32 − 1
 * onto −2^31 … 2^31 − 1 in order, so differences (and thus the encoding) are unchanged and every
 * valid value stays an int32.
 */
export interface WorkingDomain {
  /** XOR applied to a stored int32 word to get the working value (and back). */
  readonly flip: number;
  /** Working value of the dtype's smallest and largest value. */
  readonly lo: number;
  readonly hi: number;
  /** Working value of 0, where the delta chain starts. */
  readonly start: number;
  /** real value = working value + offset. */
  readonly offset: number;
}

const INT32_MIN = -0x80000000;
/** XOR that maps a uint32 word to its working value and back. */
export const UINT32_FLIP = INT32_MIN;
const INT32_MAX = 0x7fffffff;

export function workingDomain(dtype: DType): WorkingDomain {
  if (dtype === 'uint32') {
    return { flip: UINT32_FLIP, lo: INT32_MIN, hi: INT32_MAX, start: INT32_MIN, offset: 0x80000000 };
  }
  const { min, max } = dtypeInfo(dtype);
  return { flip: 0, lo: min, hi: max, start: 0, offset: 0 };
}
