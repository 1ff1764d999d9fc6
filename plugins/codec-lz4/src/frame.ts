import {
  BeamstackError,
  ErrorCodes,
  bytesPerPixel,
  dtypeOf,
  pixelCount,
  type DType,
  type FrameInfo,
  type PixelArray,
} from '@beamstack/contract';

export const CODEC_ID = 'lz4';

export const SUPPORTED_DTYPES: readonly DType[] = ['uint8', 'uint16', 'uint32', 'int8', 'int16', 'int32'];

type SideCode = typeof ErrorCodes.ENCODE | typeof ErrorCodes.DECODE;

/** Bytes a frame of this shape and dtype holds, refusing shapes and dtypes no frame can have. */
export function frameByteLength(info: FrameInfo, code: SideCode): number {
  const [height, width] = info.shape;
  if (!Number.isSafeInteger(height) || !Number.isSafeInteger(width) || height < 0 || width < 0) {
    throw new BeamstackError(code, `invalid frame shape [${info.shape.join(', ')}]`, { codec: CODEC_ID });
  }
  if (!SUPPORTED_DTYPES.includes(info.dtype)) {
    throw new BeamstackError(code, `dtype ${String(info.dtype)} is not supported`, { codec: CODEC_ID });
  }
  const bytes = pixelCount(info.shape) * bytesPerPixel(info.dtype);
  if (!Number.isSafeInteger(bytes)) {
    throw new BeamstackError(code, `frame shape [${info.shape.join(', ')}] is too large`, { codec: CODEC_ID });
  }
  return bytes;
}

/** Refuses pixels whose element size or count disagree with the frame description. */
export function checkPixels(pixels: PixelArray, info: FrameInfo): void {
  const elements = pixelCount(info.shape);
  if (bytesPerPixel(dtypeOf(pixels)) !== bytesPerPixel(info.dtype) || pixels.length !== elements) {
    throw new BeamstackError(
      ErrorCodes.ENCODE,
      `pixels (${dtypeOf(pixels)} x ${pixels.length}) do not match the frame (${info.dtype} [${info.shape.join(', ')}])`,
      { codec: CODEC_ID },
    );
  }
}

/** Node's Buffer, where the runtime has one (looked up, not imported, to stay portable). */
const nodeBuffer = (globalThis as { Buffer?: { allocUnsafeSlow(size: number): Uint8Array } }).Buffer;

/**
 * A fresh buffer of exactly `bytes` for a decoded frame, NOT zeroed: the decoders write every
 * byte before they return it (and drop it when they throw). In Node this is
 * `Buffer.allocUnsafeSlow` (unpooled, its own ArrayBuffer, so it can be transferred): it reuses
 * freed memory instead of faulting in fresh zeroed pages, which on this machine makes a 4M frame
 * ~6 ms cheaper than `new Uint8Array` (about a third of an lz4 decode). An allocation failure
 * (a frame too big for this process) becomes a coded error.
 */
export function allocateFrameBytes(bytes: number): Uint8Array {
  try {
    return nodeBuffer ? nodeBuffer.allocUnsafeSlow(bytes) : new Uint8Array(bytes);
  } catch (error) {
    throw new BeamstackError(ErrorCodes.DECODE, `cannot allocate ${bytes} bytes for the decoded frame`, { codec: CODEC_ID }, { cause: error });
  }
}
