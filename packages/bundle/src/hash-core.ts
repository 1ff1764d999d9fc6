import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

/** Read size for hashing: large enough that system calls cost nothing next to SHA-256. */
const BLOCK_BYTES = 1 << 20;

export interface FileDigest {
  readonly bytes: number;
  readonly sha256: string;
}

/** SHA-256 of a whole file, read once front to back; `bytes` is what was actually read. */
export async function digestFile(path: string, buffer: Uint8Array = new Uint8Array(BLOCK_BYTES)): Promise<FileDigest> {
  const handle = await open(path, 'r');
  try {
    const hash = createHash('sha256');
    let bytes = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, bytes);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      bytes += bytesRead;
    }
    return { bytes, sha256: hash.digest('hex') };
  } finally {
    await handle.close();
  }
}
