import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesPerPixel, pixelsFromBytes } from '@beamstack/contract';
import { dectrisFiles, readStoredChunks } from '@beamstack/testkit';
import { describeInterop } from '@beamstack/testkit/vitest';
import { afterAll, expect, it } from 'vitest';
import { sameBytes } from '@beamstack/testkit/data';
import { bslz4Codec } from '../src/index.js';
import { allKernels } from './kernels.js';

const dir = mkdtempSync(join(tmpdir(), 'beamstack-dectris-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeInterop('real DECTRIS bslz4 data files', ['h5py', 'hdf5plugin'], () => {
  it('every chunk decodes to the pixels the HDF5 filter returns', () => {
    const files = dectrisFiles(/bslz4.*\.h5$/);
    expect(files.length).toBeGreaterThanOrEqual(4);
    const chunks = readStoredChunks(files, dir);
    const seen = new Set<string>();
    for (const { file, frame, info, filterMask, filters, chunk, pixels } of chunks) {
      expect(filters.find((f) => f.id === 32008)?.cdValues[4], file).toBe(2);
      expect(filterMask).toBe(0);
      const params = bslz4Codec.hdf5!.paramsFromFilters(filters, info.dtype);
      expect(params).toEqual({ blockSize: 0 });
      const decoded = bslz4Codec.decode(chunk, info, { options: params! });
      expect(sameBytes(decoded, pixelsFromBytes(info.dtype, pixels)), `${file} frame ${frame}`).toBe(true);
      for (const kernel of allKernels()) {
        const out = new Uint8Array(pixels.length);
        kernel.decodeChunk(chunk, bytesPerPixel(info.dtype), out);
        expect(Buffer.compare(out, pixels), `${kernel.name} ${file} frame ${frame}`).toBe(0);
      }
      seen.add(`${info.dtype} ${info.shape.join('x')}`);
    }
    // At least the Eiger1 (1065 x 1030) and Eiger2 (512 x 1028) uint16 files, 2 frames each.
    expect(chunks.length).toBeGreaterThanOrEqual(2 * files.length);
    expect([...seen]).toEqual(expect.arrayContaining(['uint16 1065x1030', 'uint16 512x1028']));
  });
});
