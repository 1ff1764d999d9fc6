import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { BeamstackError, ErrorCodes, type FrameShape, type ProvenanceInput } from '@beamstack/contract';
import { isLz4Frame, unpackLz4Frame } from './lz4-frame.js';
import { isNpy, parseNpyMask } from './npy.js';

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

export interface UserMask {
  /** 1 where the user masks the pixel, row-major H×W. */
  readonly masked: Uint8Array;
  /** The file, for the dataset's provenance. */
  readonly input: ProvenanceInput;
}

/**
 * The folder-independent path of the mask file: absolute paths as given, relative ones against
 * the stack file's folder (`baseDir`, contract ≥ 1.1) — never against the working directory.
 */
export function maskPath(file: string, baseDir: string | undefined, option = 'file'): string {
  if (isAbsolute(file)) return file;
  if (baseDir === undefined) {
    throw new BeamstackError(ErrorCodes.OPTIONS, `relative mask path '${file}' needs the stack's folder, which this host does not give (contract < 1.1); use an absolute path`, { option });
  }
  return resolve(baseDir, file);
}

/**
 * Reads a user mask for frames of `shape` synchronously (mapMeta runs once, on the main thread,
 * and must return the description). Formats: NumPy .npy, 2-D, bool or integers, nonzero =
 * masked, plain or packed with the `lz4` tool (LZ4 frame). The file's size is bounded by what such a mask can need before anything is read.
 */
export function loadUserMask(path: string, shape: FrameShape, option = 'file'): UserMask {
  const fail = (why: string, cause?: unknown): never => {
    throw new BeamstackError(ErrorCodes.OPTIONS, `mask file ${path}: ${why}`, { option, file: path }, cause === undefined ? undefined : { cause });
  };
  const [height, width] = shape;
  let size = 0;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) fail('is not a regular file');
    size = stat.size;
  } catch (error) {
    if (error instanceof BeamstackError) throw error;
    fail(`cannot be read: ${(error as Error).message}`, error);
  }
  // The largest .npy a mask for these frames can be: 8-byte elements plus a header.
  const limit = height * width * 8 + (1 << 20) + 16;
  if (size > limit) fail(`is ${size} bytes, more than any ${height}x${width} mask needs (${limit})`);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    return fail(`cannot be read: ${(error as Error).message}`, error);
  }
  const fileBytes = bytes;
  if (HDF5_SIGNATURE.every((b, i) => bytes[i] === b)) {
    fail(
      'is an HDF5 file. Reading HDF5 needs asynchronous I/O, which mapMeta cannot do (yet); ' +
        `convert the mask to .npy, e.g. /usr/bin/python3 -c "import h5py, numpy; numpy.save('mask.npy', h5py.File('${path}')['/entry/instrument/detector/pixel_mask'][()])"`,
    );
  }
  if (isLz4Frame(bytes)) {
    try {
      bytes = unpackLz4Frame(bytes, limit);
    } catch (error) {
      return fail(`is an LZ4 frame that cannot be unpacked: ${(error as Error).message}`, error);
    }
  }
  if (!isNpy(bytes)) fail('is neither a NumPy .npy file nor HDF5 (nor a .npy packed with the lz4 tool)');
  const npy = parseNpyMask(bytes, path, option);
  if (npy.shape[0] !== height || npy.shape[1] !== width) {
    fail(`has shape (${npy.shape.join(', ')}), the frames here are (${height}, ${width}) (height, width); a mask must match the frames as they reach this stage (put mask before roi or bin)`);
  }
  const sha256 = createHash('sha256').update(fileBytes).digest('hex');
  return { masked: npy.masked, input: { path, bytes: fileBytes.length, sha256 } };
}
