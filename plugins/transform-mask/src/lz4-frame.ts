import { createRequire } from 'node:module';

/** lz4js is CommonJS without types; these are the two functions used. */
interface Lz4js {
  /** Upper bound of the unpacked size, from the frame header and block sizes. */
  decompressBound(src: Uint8Array): number;
  /** Unpacks one LZ4 frame into a buffer of maxSize bytes. */
  decompress(src: Uint8Array, maxSize?: number): Uint8Array;
}
const lz4js = createRequire(import.meta.url)('lz4js') as Lz4js;

/** LZ4 frame magic number 0x184D2204, little-endian: what the `lz4` command-line tool writes. */
const LZ4_FRAME_MAGIC = [0x04, 0x22, 0x4d, 0x18];

export function isLz4Frame(bytes: Uint8Array): boolean {
  return LZ4_FRAME_MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * A mask compressed with the `lz4` tool (mask.npy.lz4), unpacked with lz4js: the LZ4 *frame*
 * format is what lz4js reads correctly (its raw-block encoder is not used anywhere in beamstack).
 * lz4js trusts its input, so the size its headers announce is bounded before anything is
 * allocated, and any exception is the caller's "not a valid file"; the unpacked bytes are then
 * checked in full by the .npy parser.
 */
export function unpackLz4Frame(bytes: Uint8Array, maxBytes: number): Uint8Array {
  const announced = lz4js.decompressBound(bytes);
  if (!Number.isSafeInteger(announced) || announced < 0) throw new Error('the LZ4 frame header is damaged');
  if (announced > maxBytes) throw new Error(`the LZ4 frame unpacks to up to ${announced} bytes, more than a mask of these frames can need (${maxBytes})`);
  return lz4js.decompress(bytes, announced);
}
