import { isLz4DecodeError, lz4Kernel, type Lz4Kernel } from '@beamstack/lz4';
import { HEADER_BYTES, LENGTH_BYTES, readUint32BE } from './layout.js';

/** A chunk that violates the 32004 framing; the codec turns it into a BeamstackError DECODE. */
export class Lz4ChunkFormatError extends Error {
  override readonly name = 'Lz4ChunkFormatError';
}

export interface Lz4ChunkHeader {
  /** Uncompressed bytes of the chunk. */
  readonly total: number;
  /** Block size in bytes as stored (the last block may be shorter). */
  readonly blockBytes: number;
}

/**
 * Checks the 12-byte header against the byte count the caller expects (from the frame shape,
 * never from the chunk). Cheap, so callers run it before allocating the output. A block size
 * larger than the chunk is accepted (one block), as the DECTRIS and HDF5 decoders do; 0 is not.
 */
export function readLz4Header(chunk: Uint8Array, expectedBytes: number): Lz4ChunkHeader {
  if (chunk.length < HEADER_BYTES) {
    throw new Lz4ChunkFormatError(`chunk of ${chunk.length} bytes is shorter than the ${HEADER_BYTES}-byte header`);
  }
  const total = readUint32BE(chunk, 0) * 0x1_0000_0000 + readUint32BE(chunk, 4);
  const blockBytes = readUint32BE(chunk, 8);
  if (total !== expectedBytes) {
    throw new Lz4ChunkFormatError(`header says ${total} uncompressed bytes, the frame has ${expectedBytes}`);
  }
  if (blockBytes === 0 && total > 0) throw new Lz4ChunkFormatError('header block size is 0');
  return { total, blockBytes };
}

/**
 * Walks the block lengths without decoding anything: every length must fit the remaining input
 * and must not exceed its block's size (the 32004 encoder stores a block raw rather than emit a
 * longer LZ4 block), and the last block must end exactly at the end of the chunk. At most one
 * step per 4 input bytes, so hostile block sizes cannot make it loop long.
 */
function checkBlockLengths(chunk: Uint8Array, total: number, blockBytes: number): void {
  let pos = HEADER_BYTES;
  let blockIndex = 0;
  for (let start = 0; start < total; start += blockBytes, blockIndex++) {
    const size = Math.min(blockBytes, total - start);
    if (chunk.length - pos < LENGTH_BYTES) {
      throw new Lz4ChunkFormatError(`chunk ends inside the length of block ${blockIndex} (byte ${pos})`);
    }
    const length = readUint32BE(chunk, pos);
    pos += LENGTH_BYTES;
    if (length > chunk.length - pos) {
      throw new Lz4ChunkFormatError(
        `block ${blockIndex} claims ${length} bytes but only ${chunk.length - pos} remain (byte ${pos - LENGTH_BYTES})`,
      );
    }
    if (length > size) {
      throw new Lz4ChunkFormatError(
        `block ${blockIndex} claims ${length} bytes, more than its ${size} uncompressed bytes (byte ${pos - LENGTH_BYTES})`,
      );
    }
    pos += length;
  }
  if (pos !== chunk.length) {
    throw new Lz4ChunkFormatError(`${chunk.length - pos} bytes follow the last block (byte ${pos})`);
  }
}

/**
 * Decodes an HDF5 32004 LZ4 chunk (FORMATS.md §4) into `out`, whose length is the exact number of
 * bytes the frame must have. Strict: the header total must equal `out.length`; every block length
 * must fit both the remaining input and the block's size (equal = stored raw); every LZ4 block
 * must decode to exactly its block's size; no bytes may follow the last block. The block size is
 * read from the header (Eiger1 files hold one block per chunk, Eiger2 files 8 KiB blocks).
 * The framing is checked first; the LZ4 work then runs in one call of @beamstack/lz4's framed
 * API. Throws Lz4ChunkFormatError; `out` may hold partial data after a failure.
 */
export function decodeLz4Chunk(chunk: Uint8Array, out: Uint8Array, kernel: Lz4Kernel = lz4Kernel): void {
  const { total, blockBytes } = readLz4Header(chunk, out.length);
  checkBlockLengths(chunk, total, blockBytes);
  if (total === 0) return;
  const body = chunk.subarray(HEADER_BYTES);
  let used: number;
  try {
    used = kernel.decodeFramedBlocks(body, out, blockBytes, { storeRaw: true });
  } catch (error) {
    if (!isLz4DecodeError(error)) throw error;
    throw new Lz4ChunkFormatError(`${error.message}; positions count from the end of the ${HEADER_BYTES}-byte header`, {
      cause: error,
    });
  }
  // checkBlockLengths already tied the blocks to the chunk's end; this guards the two walks agreeing.
  if (used !== body.length) throw new Lz4ChunkFormatError(`${body.length - used} bytes follow the last block`);
}
