/**
 * Constants of the LZ4 block format (FORMATS.md §1). The end-of-block margins exist because
 * reference decoders copy in wide strides near the end of the output; every block we emit keeps
 * them so that any liblz4 decoder (including the unchecked "fast" one) accepts it.
 */

/** Shortest match the format can express (token low nibble 0 means 4 bytes). */
export const MIN_MATCH = 4;

/** The last this-many bytes of a block are always literals. */
export const LAST_LITERALS = 5;

/** A match may not start within the last this-many bytes of a block. */
export const MATCH_START_MARGIN = 12;

/** Blocks shorter than this are encoded as a single literal-only sequence. */
export const MIN_COMPRESSIBLE_LENGTH = MATCH_START_MARGIN + 1;

/** Largest back-reference distance (16-bit little-endian offset field). */
export const MAX_OFFSET = 65_535;

/** Largest input `encodeBlock` accepts; the same limit liblz4 applies (LZ4_MAX_INPUT_SIZE). */
export const MAX_INPUT_SIZE = 0x7e00_0000;

/**
 * Worst-case encoded size of `n` input bytes: all literals plus their length-extension bytes
 * and one token. Destination buffers of this size can never overflow.
 */
export function lz4CompressBound(n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > MAX_INPUT_SIZE) {
    throw new RangeError(`lz4CompressBound: size ${n} is not an integer in 0..${MAX_INPUT_SIZE}`);
  }
  return n + Math.floor(n / 255) + 16;
}
