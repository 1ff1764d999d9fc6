import {
  BeamstackError,
  ErrorCodes,
  checkPixelsMatch,
  defineCodec,
  frameByteLength,
  pixelBytes,
  pixelsFromBytes,
  type FrameInfo,
  type PixelArray,
} from '@beamstack/contract';
import { Lz4ChunkFormatError, decodeLz4Chunk, readLz4Header } from './chunk-decode.js';
import { encodeLz4Chunk } from './chunk-encode.js';
import { CODEC_ID, SUPPORTED_DTYPES, allocateFrameBytes } from './frame.js';
import { lz4Hdf5 } from './hdf5.js';
import { DEFAULT_BLOCK_BYTES } from './layout.js';

/** Largest block size option: the filter's own default, 1 GiB (LZ4 blocks stop at ~2 GiB). */
export const MAX_BLOCK_BYTES = DEFAULT_BLOCK_BYTES;

function checkBlockSize(blockSize: number): number {
  if (!Number.isInteger(blockSize) || blockSize < 0 || blockSize > MAX_BLOCK_BYTES) {
    throw new BeamstackError(
      ErrorCodes.OPTIONS,
      `blockSize must be 0 (filter default) or a byte count up to ${MAX_BLOCK_BYTES}, got ${blockSize}`,
      { codec: CODEC_ID, option: 'blockSize' },
    );
  }
  return blockSize;
}

export const lz4Codec = defineCodec({
  id: CODEC_ID,
  description: 'LZ4 blocks in the HDF5 filter 32004 framing (DECTRIS Eiger "lz4" chunks)',
  options: {
    type: 'object',
    properties: {
      blockSize: {
        type: 'integer',
        minimum: 0,
        maximum: MAX_BLOCK_BYTES,
        default: 0,
        description:
          'LZ4 block size in bytes: 0 = the filter default (1 GiB, clamped to the chunk: one block per frame); DECTRIS Eiger2 uses 8192',
      },
    },
  },
  dtypes: SUPPORTED_DTYPES,
  hdf5: lz4Hdf5,

  encode(pixels: PixelArray, info: FrameInfo, ctx): Uint8Array {
    frameByteLength(info, ErrorCodes.ENCODE, CODEC_ID, SUPPORTED_DTYPES);
    checkPixelsMatch(pixels, info, CODEC_ID);
    return encodeLz4Chunk(pixelBytes(pixels), checkBlockSize(ctx.options.blockSize));
  },

  decode(bytes: Uint8Array, info: FrameInfo): PixelArray {
    const expected = frameByteLength(info, ErrorCodes.DECODE, CODEC_ID, SUPPORTED_DTYPES);
    try {
      // The header is checked before the output exists: a bad chunk costs no allocation.
      readLz4Header(bytes, expected);
      const out = allocateFrameBytes(expected);
      decodeLz4Chunk(bytes, out);
      return pixelsFromBytes(info.dtype, out);
    } catch (error) {
      if (error instanceof Lz4ChunkFormatError) {
        throw new BeamstackError(ErrorCodes.DECODE, error.message, { codec: CODEC_ID }, { cause: error });
      }
      throw error;
    }
  },
});
