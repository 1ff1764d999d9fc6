import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * Writes a NumPy .npy file (format 1.0): magic, version, header length, a Python-literal
 * header dict padded to a multiple of 64 bytes, then the raw little-endian data.
 */
export function writeNpy(path: string, descr: '<u4' | '<u2' | '<u1', shape: readonly number[], chunks: Iterable<Uint8Array>): void {
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const unpadded = 10 + dict.length + 1;
  const header = dict + ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const prefix = Buffer.alloc(10);
  prefix.write('\x93NUMPY', 0, 'latin1');
  prefix[6] = 1;
  prefix[7] = 0;
  prefix.writeUInt16LE(header.length, 8);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, prefix);
    writeSync(fd, Buffer.from(header, 'latin1'));
    for (const c of chunks) writeSync(fd, c);
  } finally {
    closeSync(fd);
  }
}
