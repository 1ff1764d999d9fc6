import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Hdf5File } from '../src/index.js';
import { sha256, tempDir, runScript } from './helpers.js';
import { describeInterop } from '@beamstack/testkit/vitest';

const dir = tempDir('large');

describeInterop('addresses beyond 4 GiB', ['h5py', 'hdf5plugin'], () => {
  it('stores chunks, B-tree and headers past 2^32 bytes (sparse file)', async () => {
    const path = join(dir, 'large.h5');
    const f = await Hdf5File.create(path);
    const ds = f.chunkedDataset('/d', { dtype: 'uint8', frameShape: [4] });
    await ds.writeChunk(0, new Uint8Array([1, 2, 3, 4]));
    // Skip 5 GB of address space without writing it: the file gets a hole.
    (f as unknown as { sink: { allocate(n: number): number } }).sink.allocate(5_000_000_000);
    await ds.writeChunk(1, new Uint8Array([5, 6, 7, 8]));
    f.dataset('/after', new Uint32Array([42]));
    const { bytes } = await f.close();
    expect(bytes).toBeGreaterThan(2 ** 32);
    expect(statSync(path).size).toBe(bytes);
    const d = runScript<Record<string, { frames_sha256?: string[]; stored_chunks?: unknown[]; value?: unknown }>>('describe.py', [path]);
    expect(d['/d']!.frames_sha256).toEqual([sha256(new Uint8Array([1, 2, 3, 4])), sha256(new Uint8Array([5, 6, 7, 8]))]);
    expect(d['/after']!.value).toEqual([42]);
  });
});
