import { parentPort } from 'node:worker_threads';
import { digestFile } from './hash-core.js';
import type { HashReply, HashRequest } from './hash-messages.js';

// One reusable read buffer per thread; requests come one at a time.
const buffer = new Uint8Array(1 << 20);

parentPort?.on('message', (request: HashRequest) => {
  digestFile(request.path, buffer).then(
    (digest) => parentPort?.postMessage({ id: request.id, ok: true, ...digest } satisfies HashReply),
    (error: unknown) =>
      parentPort?.postMessage({
        id: request.id,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
        errno: (error as NodeJS.ErrnoException | null)?.code ?? null,
      } satisfies HashReply),
  );
});
