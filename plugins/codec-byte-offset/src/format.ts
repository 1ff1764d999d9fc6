import type { DType } from '@beamstack/contract';

/** The four bytes that open the binary data of a CBF section; the byte-offset payload follows them. */
export const CBF_BINARY_MARKER: readonly number[] = [0x0c, 0x1a, 0x04, 0xd5];

/** The MIME `conversions=` value of byte-offset data. */
export const BYTE_OFFSET_CONVERSION = 'x-CBF_BYTE_OFFSET';

/**
 * The longest encoding of one value: escape bytes 80 | 00 80 | 00 00 00 80, then an int64 delta.
 * A decoder must accept it for any dtype, because writers may use a wider form than needed.
 */
export const MAX_BYTES_PER_VALUE = 15;

/**
 * Bytes the encoder writes at most per value of this dtype. Differences of 8-bit values fit in
 * 16 bits (3 bytes), of 16-bit values in 32 bits (7 bytes); 32-bit values can jump by up to
 * 2^32 − 1, which needs the 64-bit form (15 bytes).
 */
export function maxEncodedBytesPerValue(dtype: DType): 3 | 7 | 15 {
  switch (dtype) {
    case 'int8':
    case 'uint8':
      return 3;
    case 'int16':
    case 'uint16':
      return 7;
    case 'int32':
    case 'uint32':
      return 15;
  }
}

/** The largest payload `count` values of this dtype can encode to (no dtype: any valid payload). */
export function byteOffsetBound(count: number, dtype?: DType): number {
  return count * (dtype === undefined ? MAX_BYTES_PER_VALUE : maxEncodedBytesPerValue(dtype));
}
