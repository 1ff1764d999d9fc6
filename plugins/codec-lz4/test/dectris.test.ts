import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pixelsFromBytes } from '@beamstack/contract';
import { readStoredChunks } from '@beamstack/testkit';
import { describeDectris, itInterop } from '@beamstack/testkit/vitest';
import { afterAll, expect } from 'vitest';
import { sameBytes } from '@beamstack/testkit/data';
import { lz4Codec, lz4Hdf5, readLz4Header } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'beamstack-lz4-dectris-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Not /lz4_data/: that also matches the bslz4 files.
describeDectris('real DECTRIS lz4 data files', /_lz4_data_\d+\.h5$/, (files) => {
  itInterop(['h5py', 'hdf5plugin'])('every chunk decodes to the pixels the HDF5 32004 filter returns', () => {
    const chunks = readStoredChunks(files, dir);
    const blockSizes = new Set<number>();
    for (const { file, frame, info, filterMask, filters, chunk, pixels } of chunks) {
      expect(filterMask).toBe(0);
      // The pipeline exactly as stored: filter 32004, mandatory, no cd_values.
      expect(filters).toEqual([{ id: 32004, flags: 0, cdValues: [] }]);
      const params = lz4Hdf5.paramsFromFilters(filters, info.dtype);
      expect(params).toEqual({ blockSize: 0 });
      blockSizes.add(readLz4Header(chunk, pixels.length).blockBytes);
      const decoded = lz4Codec.decode(chunk, info, { options: params! });
      expect(sameBytes(decoded, pixelsFromBytes(info.dtype, pixels)), `${file} frame ${frame}`).toBe(true);
    }
    // 2 files x 2 frames of 512 x 1028 uint16, stored by the DECTRIS writer in 8 KiB blocks
    // while cd_values are empty: the decoder must take the block size from each header.
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    expect([...blockSizes]).toEqual([8192]);
  });
});
