import { closeSync, openSync, writeSync } from 'node:fs';
import type { DType } from '@beamstack/contract';

const DESCR: Readonly<Record<DType, string>> = { uint8: '|u1', uint16: '<u2', uint32: '<u4', int8: '|i1', int16: '<i2', int32: '<i4' };

/**
 * Writes a NumPy .npy file (format 1.0) — the form the oracles take expected frames in — streaming
 * the data so a long series never has to sit in memory at once.
 */
export function writeNpy(path: string, dtype: DType, shape: readonly number[], chunks: Iterable<ArrayBufferView>): void {
  const dict = `{'descr': '${DESCR[dtype]}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const unpadded = 10 + dict.length + 1;
  const header = dict + ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const prefix = Buffer.alloc(10);
  prefix.write('\x93NUMPY', 0, 'latin1');
  prefix[6] = 1;
  prefix.writeUInt16LE(header.length, 8);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, prefix);
    writeSync(fd, Buffer.from(header, 'latin1'));
    for (const c of chunks) writeSync(fd, new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
  } finally {
    closeSync(fd);
  }
}
