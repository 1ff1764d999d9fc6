/** Pixel element types a frame may hold. Pixel data are always little-endian. */
export type DType = 'uint8' | 'uint16' | 'uint32' | 'int8' | 'int16' | 'int32';

export type PixelArray = Uint8Array | Uint16Array | Uint32Array | Int8Array | Int16Array | Int32Array;

export const DTYPES: readonly DType[] = ['uint8', 'uint16', 'uint32', 'int8', 'int16', 'int32'];

interface DTypeInfo {
  readonly bytes: 1 | 2 | 4;
  readonly signed: boolean;
  readonly min: number;
  readonly max: number;
}

const INFO: Readonly<Record<DType, DTypeInfo>> = {
  uint8: { bytes: 1, signed: false, min: 0, max: 0xff },
  uint16: { bytes: 2, signed: false, min: 0, max: 0xffff },
  uint32: { bytes: 4, signed: false, min: 0, max: 0xffffffff },
  int8: { bytes: 1, signed: true, min: -0x80, max: 0x7f },
  int16: { bytes: 2, signed: true, min: -0x8000, max: 0x7fff },
  int32: { bytes: 4, signed: true, min: -0x80000000, max: 0x7fffffff },
};

export function isDType(value: unknown): value is DType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(INFO, value);
}

export function dtypeInfo(dtype: DType): DTypeInfo {
  return INFO[dtype];
}

export function bytesPerPixel(dtype: DType): 1 | 2 | 4 {
  return INFO[dtype].bytes;
}

/** The dtype a typed array holds, or undefined for other array types. */
export function dtypeOf(pixels: PixelArray): DType {
  if (pixels instanceof Uint8Array) return 'uint8';
  if (pixels instanceof Uint16Array) return 'uint16';
  if (pixels instanceof Uint32Array) return 'uint32';
  if (pixels instanceof Int8Array) return 'int8';
  if (pixels instanceof Int16Array) return 'int16';
  return 'int32';
}

/** Allocates zeroed pixels; pass `shared` to back them with a SharedArrayBuffer. */
export function allocPixels(dtype: DType, count: number, shared = false): PixelArray {
  const bytes = count * INFO[dtype].bytes;
  const buffer = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  return pixelView(dtype, buffer, 0, count);
}

/** A typed view of `count` pixels over `buffer` starting at `byteOffset` (no copy). */
export function pixelView(
  dtype: DType,
  buffer: ArrayBufferLike,
  byteOffset: number,
  count: number,
): PixelArray {
  switch (dtype) {
    case 'uint8':
      return new Uint8Array(buffer, byteOffset, count);
    case 'uint16':
      return new Uint16Array(buffer, byteOffset, count);
    case 'uint32':
      return new Uint32Array(buffer, byteOffset, count);
    case 'int8':
      return new Int8Array(buffer, byteOffset, count);
    case 'int16':
      return new Int16Array(buffer, byteOffset, count);
    case 'int32':
      return new Int32Array(buffer, byteOffset, count);
  }
}

/**
 * Reinterprets little-endian bytes as pixels. No copy when the bytes are aligned for the
 * element size; otherwise the bytes are copied into a fresh aligned buffer.
 */
export function pixelsFromBytes(dtype: DType, bytes: Uint8Array): PixelArray {
  const size = INFO[dtype].bytes;
  if (bytes.byteLength % size !== 0) {
    throw new RangeError(`${bytes.byteLength} bytes is not a whole number of ${dtype} pixels`);
  }
  const count = bytes.byteLength / size;
  if (bytes.byteOffset % size === 0) return pixelView(dtype, bytes.buffer, bytes.byteOffset, count);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return pixelView(dtype, copy.buffer, 0, count);
}

/** The bytes under a pixel array (no copy). */
export function pixelBytes(pixels: PixelArray): Uint8Array {
  return new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength);
}

/**
 * The value that marks "no data" in stored images: 2^bits − 1 for unsigned types (what DECTRIS
 * writes for masked pixels when pixel_mask_applied = 1), −1 for signed types (CBF convention).
 */
export function maskedValue(dtype: DType): number {
  const info = INFO[dtype];
  return info.signed ? -1 : info.max;
}
