import { run } from '@beamstack/testkit';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Hdf5File } from '../src/index.js';
import { nodeSize } from '../src/btree.js';
import { sha256, tempDir, runScript } from './helpers.js';
import { describeInterop } from '@beamstack/testkit/vitest';

interface Chunked {
  shape: number[];
  stored_chunks: { offset: number[]; mask: number; size: number; sha256: string }[];
  frames_sha256: string[];
}

const dir = tempDir('btree');

/** Distinct bytes for frame i (4 bytes per frame, uint8 2x2). */
function frame(i: number): Uint8Array {
  return new Uint8Array([i & 0xff, (i >> 8) & 0xff, (i * 7) & 0xff, 0x5a]);
}

async function writeFrames(path: string, indexes: readonly number[], frameCount?: number): Promise<void> {
  const f = await Hdf5File.create(path);
  const ds = f.chunkedDataset('/data', { dtype: 'uint8', frameShape: [2, 2], fillValue: 0xee });
  await Promise.all(indexes.map((i) => ds.writeChunk(i, frame(i))));
  if (frameCount !== undefined) ds.setFrameCount(frameCount);
  await f.close();
}

describeInterop('chunk index (version-1 B-tree)', ['h5py', 'hdf5plugin'], () => {
  it('sizes nodes for 2K = 64 children as HDF5 readers expect (3136 bytes for rank-3 data)', () => {
    expect(nodeSize([1, 512, 1028, 2])).toBe(3136);
  });

  for (const count of [1, 64, 65, 300, 4096, 4097]) {
    it(`finds every one of ${count} chunks (${count <= 64 ? 'one leaf' : count <= 4096 ? 'two levels' : 'three levels'})`, async () => {
      const path = join(dir, `n${count}.h5`);
      const indexes = Array.from({ length: count }, (_, i) => i);
      await writeFrames(path, indexes);
      const d = runScript<Record<string, Chunked>>('describe.py', [path])['/data']!;
      expect(d.shape).toEqual([count, 2, 2]);
      expect(d.stored_chunks.length).toBe(count);
      expect(d.stored_chunks.map((c) => c.offset[0])).toEqual(indexes);
      expect(d.frames_sha256).toEqual(indexes.map((i) => sha256(frame(i))));
      if (count === 4097) expect(run('h5dump', ['-H', path]).status).toBe(0);
    });
  }

  it('accepts chunks out of order and reads missing frames as the fill value', async () => {
    const path = join(dir, 'gaps.h5');
    const indexes = [150, 3, 0, 77, 78, 200, 64, 63];
    await writeFrames(path, indexes, 205);
    const d = runScript<Record<string, Chunked>>('describe.py', [path])['/data']!;
    expect(d.shape).toEqual([205, 2, 2]);
    expect(d.stored_chunks.map((c) => c.offset[0])).toEqual([...indexes].sort((a, b) => a - b));
    const fill = sha256(new Uint8Array(4).fill(0xee));
    d.frames_sha256.forEach((h, i) => expect(h, `frame ${i}`).toBe(indexes.includes(i) ? sha256(frame(i)) : fill));
  });
});
