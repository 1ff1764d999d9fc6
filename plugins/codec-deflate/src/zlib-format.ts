import { DeflateFormatError } from './errors.js';

/** RFC 1950 framing around the deflate data: 2 header bytes, 4 trailer bytes (Adler-32, big-endian). */
export const ZLIB_HEADER_BYTES = 2;
export const ZLIB_TRAILER_BYTES = 4;

/**
 * Checks the 2-byte zlib header (RFC 1950 §2.2): compression method 8 (deflate) with a window of
 * at most 32 KiB, a valid check value, and no preset dictionary (HDF5's deflate filter never
 * uses one). Both engines run this first, so they reject bad headers with the same message.
 */
export function checkZlibHeader(chunk: Uint8Array): void {
  if (chunk.length < ZLIB_HEADER_BYTES + ZLIB_TRAILER_BYTES) {
    throw new DeflateFormatError(
      `chunk of ${chunk.length} bytes is shorter than a zlib stream (${ZLIB_HEADER_BYTES}-byte header + ${ZLIB_TRAILER_BYTES}-byte Adler-32)`,
    );
  }
  const cmf = chunk[0]!;
  const flg = chunk[1]!;
  if ((cmf & 0x0f) !== 8 || cmf >>> 4 > 7) {
    throw new DeflateFormatError(`not a zlib deflate stream: header byte 0x${hex(cmf)} (expected method 8, window <= 32 KiB)`);
  }
  if (((cmf << 8) | flg) % 31 !== 0) {
    throw new DeflateFormatError(`zlib header 0x${hex(cmf)}${hex(flg)} fails its check value`);
  }
  if (flg & 0x20) throw new DeflateFormatError('zlib stream needs a preset dictionary, which HDF5 never uses');
}

export function readAdler32(chunk: Uint8Array, at: number): number {
  return ((chunk[at]! << 24) | (chunk[at + 1]! << 16) | (chunk[at + 2]! << 8) | chunk[at + 3]!) >>> 0;
}

const hex = (byte: number): string => byte.toString(16).padStart(2, '0');
