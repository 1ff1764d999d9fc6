import { readFileSync, writeFileSync } from 'node:fs';

/**
 * One-file batches of byte strings for Python: each record is a uint32 LE length and the bytes.
 * One Python process then handles a whole batch (spawning one per case is far too slow).
 */
export function writeRecords(path: string, records: readonly Uint8Array[]): void {
  let total = 0;
  for (const record of records) total += 4 + record.length;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let pos = 0;
  for (const record of records) {
    view.setUint32(pos, record.length, true);
    out.set(record, pos + 4);
    pos += 4 + record.length;
  }
  writeFileSync(path, out);
}

export function readRecords(path: string): Uint8Array[] {
  const bytes = new Uint8Array(readFileSync(path));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: Uint8Array[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const length = view.getUint32(pos, true);
    records.push(bytes.slice(pos + 4, pos + 4 + length));
    pos += 4 + length;
  }
  return records;
}

/** The Python side of the same format, to paste at the top of scripts. */
export const PY_RECORDS = `
import struct
def read_records(path):
    data = open(path, 'rb').read()
    out, pos = [], 0
    while pos < len(data):
        (n,) = struct.unpack_from('<I', data, pos)
        out.append(data[pos + 4:pos + 4 + n])
        pos += 4 + n
    return out
def write_records(path, records):
    with open(path, 'wb') as f:
        for r in records:
            f.write(struct.pack('<I', len(r)))
            f.write(r)
`;
