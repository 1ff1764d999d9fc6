/** The HDF5 LZ4 filter's chunk layout (FORMATS.md §4). */

export const HEADER_BYTES = 12;
/** Bytes of the big-endian length before every block. */
export const LENGTH_BYTES = 4;
/** The filter's block size when cd_values give none: 1 GiB, clamped to the chunk. */
export const DEFAULT_BLOCK_BYTES = 1 << 30;

/** The block size the filter writes into the header for a chunk of `total` bytes. */
export function effectiveBlockBytes(requested: number, total: number): number {
  return Math.min(requested === 0 ? DEFAULT_BLOCK_BYTES : requested, total);
}

export function writeHeader(out: Uint8Array, total: number, blockBytes: number): void {
  const header = new DataView(out.buffer, out.byteOffset, HEADER_BYTES);
  header.setUint32(0, Math.floor(total / 0x1_0000_0000));
  header.setUint32(4, total >>> 0);
  header.setUint32(8, blockBytes);
}

export function readUint32BE(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}
