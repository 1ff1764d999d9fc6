import {
  BeamstackError,
  ErrorCodes,
  DTYPES,
  bytesPerPixel,
  checkPixelsMatch,
  defineCodec,
  frameByteLength,
  pixelBytes,
  pixelCount,
  pixelView,
  type DType,
  type FrameInfo,
  type PixelArray,
} from '@beamstack/contract';
import { Bslz4AllocationError, Bslz4FormatError } from './chunk-decode.js';
import { bslz4Hdf5 } from './hdf5.js';
import { bslz4Kernel } from './kernel.js';
import { defaultBlockElems } from './layout.js';

const CODEC_ID = 'bslz4';
/** 2^24 elements: far above any useful block (bitshuffle's default is 8 KiB) and 32-bit safe. */
export const MAX_BLOCK_ELEMS = 1 << 24;

const SUPPORTED_DTYPES: readonly DType[] = DTYPES;

/** Elements per block for `blockSize` (0 = bitshuffle's default rule); refuses non-multiples of 8. */
export function resolveBlockElems(blockSize: number, elemSize: number): number {
  if (!Number.isInteger(blockSize) || blockSize < 0 || blockSize > MAX_BLOCK_ELEMS || blockSize % 8 !== 0) {
    throw new BeamstackError(
      ErrorCodes.OPTIONS,
      `blockSize must be 0 (default) or a multiple of 8 elements up to ${MAX_BLOCK_ELEMS}, got ${blockSize}`,
      { codec: CODEC_ID, option: 'blockSize' },
    );
  }
  return blockSize === 0 ? defaultBlockElems(elemSize) : blockSize;
}

export const bslz4Codec = defineCodec({
  id: CODEC_ID,
  description: 'Bitshuffle + LZ4 (HDF5 filter 32008, the DECTRIS Eiger "bslz4" chunk format)',
  options: {
    type: 'object',
    properties: {
      blockSize: {
        type: 'integer',
        minimum: 0,
        maximum: MAX_BLOCK_ELEMS,
        default: 0,
        description: 'Bitshuffle block size in elements: 0 = default (8 KiB of elements), else a multiple of 8',
      },
    },
  },
  dtypes: SUPPORTED_DTYPES,
  hdf5: bslz4Hdf5,

  encode(pixels: PixelArray, info: FrameInfo, ctx): Uint8Array {
    frameByteLength(info, ErrorCodes.ENCODE, CODEC_ID, SUPPORTED_DTYPES);
    checkPixelsMatch(pixels, info, CODEC_ID);
    const elemSize = bytesPerPixel(info.dtype);
    const blockElems = resolveBlockElems(ctx.options.blockSize, elemSize);
    return bslz4Kernel.encodeChunk(pixelBytes(pixels), elemSize, blockElems);
  },

  decode(bytes: Uint8Array, info: FrameInfo): PixelArray {
    const frameBytes = frameByteLength(info, ErrorCodes.DECODE, CODEC_ID, SUPPORTED_DTYPES);
    const elemSize = bytesPerPixel(info.dtype);
    const elements = pixelCount(info.shape);
    try {
      // The header is checked before the output exists: a bad chunk costs no allocation.
      const buffer = bslz4Kernel.decodeChunkToBuffer(bytes, elemSize, frameBytes);
      return pixelView(info.dtype, buffer, 0, elements);
    } catch (error) {
      if (error instanceof Bslz4FormatError) {
        throw new BeamstackError(ErrorCodes.DECODE, error.message, { codec: CODEC_ID }, { cause: error });
      }
      if (error instanceof Bslz4AllocationError) {
        throw new BeamstackError(
          ErrorCodes.DECODE,
          `cannot allocate ${elements} ${info.dtype} pixels for the decoded frame`,
          { codec: CODEC_ID },
          { cause: error },
        );
      }
      throw error;
    }
  },
});
