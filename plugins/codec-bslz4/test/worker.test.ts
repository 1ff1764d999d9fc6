import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { expect, it } from 'vitest';
import { bslz4Kernel, encodeBslz4Chunk } from '../src/index.js';

// The built package, as the host's workers load it (run `tsc -b` first, as `pnpm test` does).
const DIST = pathToFileURL(join(fileURLToPath(import.meta.url), '..', '..', 'dist', 'index.js')).href;

/** Encodes the same data in a fresh worker thread; returns the kernel it used and the chunk. */
function encodeInWorker(data: Uint8Array): Promise<{ kernel: string; chunk: Uint8Array }> {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    import(${JSON.stringify(DIST)}).then((m) => {
      const chunk = m.encodeBslz4Chunk(workerData, 4, 2048);
      parentPort.postMessage({ kernel: m.bslz4Kernel.name, chunk }, [chunk.buffer]);
    });`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData: data });
    worker.once('message', (message: { kernel: string; chunk: Uint8Array }) => {
      void worker.terminate();
      resolve(message);
    });
    worker.once('error', reject);
  });
}

it('loads its own kernel in each worker thread and returns transferable chunks', async () => {
  const data = new Uint8Array(new Uint32Array(100_003).map((_, i) => (i * 2654435761) >>> 29).buffer);
  const expected = encodeBslz4Chunk(data, 4, 2048);
  const results = await Promise.all([encodeInWorker(data), encodeInWorker(data)]);
  for (const { kernel, chunk } of results) {
    expect(kernel).toBe(bslz4Kernel.name);
    expect(Buffer.compare(chunk, expected)).toBe(0);
  }
});
