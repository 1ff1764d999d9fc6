import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pythonJson } from '@beamstack/testkit';
import { afterAll } from 'vitest';

/** Runs one of the scripts in test/py (through the testkit's interpreter) and parses its JSON output. */
export function runScript<T>(script: string, args: readonly string[]): T {
  return pythonJson<T>(readFileSync(fileURLToPath(new URL(`./py/${script}`, import.meta.url)), 'utf8'), args);
}

/** A fresh directory removed after the test file finishes. */
export function tempDir(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), `beamstack-hdf5-${tag}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/**
 * A valid HDF5 LZ4 (filter 32004) chunk that stores every block raw: 8-byte BE original size,
 * 4-byte BE block size, then per block a 4-byte BE length equal to the block's size and the
 * block's bytes. The real filter copies such blocks unchanged.
 */
export function storedLz4Chunk(raw: Uint8Array, blockSize = 8192): Uint8Array {
  const block = Math.min(blockSize, raw.length);
  const blocks = Math.ceil(raw.length / block);
  const out = new Uint8Array(12 + blocks * 4 + raw.length);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(raw.length));
  view.setUint32(8, block);
  let pos = 12;
  for (let b = 0; b < blocks; b++) {
    const part = raw.subarray(b * block, Math.min(raw.length, (b + 1) * block));
    view.setUint32(pos, part.length);
    out.set(part, pos + 4);
    pos += 4 + part.length;
  }
  return out;
}

/** HDF5 shuffle filter (id 2): all first bytes of the elements, then all second bytes, ... */
export function shuffle(raw: Uint8Array, elementSize: number): Uint8Array {
  const n = raw.length / elementSize;
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < n; i++) for (let j = 0; j < elementSize; j++) out[j * n + i] = raw[i * elementSize + j]!;
  return out;
}
