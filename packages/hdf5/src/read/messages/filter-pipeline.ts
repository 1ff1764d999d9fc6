import type { Hdf5Filter } from '@beamstack/contract';
import { decodeText, type Cursor } from '../cursor.js';

/** The pipeline holds at most 32 filters (the filter mask has 32 bits). */
const MAX_FILTERS = 32;

/** Filter pipeline message, versions 1 and 2, in pipeline (write) order. */
export function parseFilterPipeline(c: Cursor): Hdf5Filter[] {
  const version = c.u8();
  if (version !== 1 && version !== 2) c.fail(`unsupported filter pipeline version ${version}`);
  const count = c.u8();
  if (count > MAX_FILTERS) c.fail(`${count} filters (at most ${MAX_FILTERS})`);
  if (version === 1) c.skip(6);
  const filters: Hdf5Filter[] = [];
  for (let i = 0; i < count; i++) {
    const id = c.u16();
    // Version 2 stores a name length only for ids >= 256 (the library's own filters have none).
    const nameLength = version === 1 || id >= 256 ? c.u16() : 0;
    const flags = c.u16();
    const values = c.u16();
    let name: string | undefined;
    if (nameLength > 0) {
      const raw = c.bytesView(nameLength);
      const end = raw.indexOf(0);
      name = decodeText(end < 0 ? raw : raw.subarray(0, end));
      if (version === 1) c.align(8, c.pos - nameLength); // v1 names are padded to 8 bytes
    }
    const cdValues: number[] = [];
    for (let v = 0; v < values; v++) cdValues.push(c.u32());
    if (version === 1 && values % 2 === 1) c.skip(4);
    filters.push(name === undefined ? { id, flags, cdValues } : { id, name, flags, cdValues });
  }
  return filters;
}
