import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { BeamstackError, ErrorCodes, type FrameShape } from '@beamstack/contract';
import { Hdf5Reader, type Hdf5DatasetReader } from '@beamstack/hdf5';
import type { UserMask } from './user-mask.js';

/** Where NXmx and DECTRIS keep the pixel mask, tried in this order when no dataset is named. */
export const HDF5_MASK_PATHS = ['/entry/instrument/detector/pixel_mask', '/entry/instrument/detector/detectorSpecific/pixel_mask'];

/**
 * A user mask from an HDF5 file (an NXmx master, or any file with a 2-D integer dataset):
 * nonzero = masked. Asynchronous, because @beamstack/hdf5's reader is — which is why the mask
 * stage cannot use it from mapMeta until the contract lets mapMeta return a Promise (see the
 * README). Ready for that: `loadUserMask` for .npy, this for HDF5, same result.
 */
export async function readHdf5UserMask(path: string, shape: FrameShape, dataset?: string, option = 'file'): Promise<UserMask> {
  const fail = (why: string, cause?: unknown): never => {
    throw new BeamstackError(ErrorCodes.OPTIONS, `mask file ${path}: ${why}`, { option, file: path, ...(dataset ? { dataset } : {}) }, cause === undefined ? undefined : { cause });
  };
  let reader: Hdf5Reader;
  try {
    reader = await Hdf5Reader.open(path);
  } catch (error) {
    return fail(`cannot be read as HDF5: ${(error as Error).message}`, error);
  }
  try {
    const found = await findMaskDataset(reader, dataset ? [dataset] : HDF5_MASK_PATHS);
    if (!found) return fail(dataset ? `has no dataset ${dataset}` : `has no pixel mask (looked for ${HDF5_MASK_PATHS.join(', ')})`);
    const ds = found!;
    // Integers, or an enum of them (h5py stores numpy bools as an enum): floats and strings are not masks.
    if (ds.dtype.class === 'float' || ds.dtype.class === 'string') fail(`${ds.path} holds ${ds.dtype.class} values; a mask must hold integers`);
    if (ds.shape.length !== 2 || ds.shape[0] !== shape[0] || ds.shape[1] !== shape[1]) {
      fail(`${ds.path} has shape (${ds.shape.join(', ')}), the frames here are (${shape[0]}, ${shape[1]}) (height, width)`);
    }
    const values = await ds.read();
    const integers = ArrayBuffer.isView(values) && !(values instanceof Float32Array) && !(values instanceof Float64Array);
    if (!integers || values.length !== shape[0] * shape[1]) fail(`${ds.path} did not read as ${shape[0]}x${shape[1]} integers`);
    const masked = new Uint8Array(shape[0] * shape[1]);
    const array = values as ArrayLike<number | bigint>;
    for (let i = 0; i < masked.length; i++) masked[i] = array[i] ? 1 : 0;
    return { masked, input: { path, bytes: (await stat(path)).size, sha256: await sha256File(path) } };
  } finally {
    await reader.close();
  }
}

async function findMaskDataset(reader: Hdf5Reader, paths: readonly string[]): Promise<Hdf5DatasetReader | null> {
  for (const path of paths) {
    let kind: string;
    try {
      kind = (await reader.lookup(path)).kind;
    } catch {
      continue; // no such link
    }
    if (kind === 'dataset' || kind === 'external') return reader.dataset(path);
  }
  return null;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

