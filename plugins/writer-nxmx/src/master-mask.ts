import { deflateSync } from 'node:zlib';
import type { Hdf5File } from '@beamstack/hdf5';

/** HDF5's deflate filter (id 1), cd_values [level]: every HDF5 reader has it built in. */
const DEFLATE = { id: 1, cdValues: [4] };

/**
 * The NXdetector copy of the pixel mask, deflated one row per chunk. A 4M mask is 18 MB of
 * mostly zeros; stored raw, the master would be larger than a typical export's data and every
 * checksum of it would cost as much. detectorSpecific keeps its contiguous copy, because Neggia
 * reads that one raw; DIALS/h5py read this one through the filter.
 */
export async function writeDeflatedMask(file: Hdf5File, path: string, mask: Uint32Array, shape: readonly [number, number]): Promise<void> {
  const [height, width] = shape;
  const rows = file.chunkedDataset(path, { dtype: 'uint32', frameShape: [width], filters: [DEFLATE], maxFrames: Math.max(height, 1) });
  const bytes = new Uint8Array(mask.buffer, mask.byteOffset, mask.byteLength);
  const rowBytes = width * 4;
  for (let y = 0; y < height; y++) {
    await rows.writeChunk(y, deflateSync(bytes.subarray(y * rowBytes, (y + 1) * rowBytes), { level: DEFLATE.cdValues[0]! }));
  }
}
