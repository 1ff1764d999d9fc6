import type { Cursor } from '../cursor.js';

/**
 * The fill value bytes of a dataset, or null when none is defined (HDF5 then uses zeros).
 * `parseFillValue` reads the current message (type 5, versions 1-3); `parseOldFillValue` the
 * old one (type 4), which only files from HDF5 before 1.6 rely on.
 */
export function parseFillValue(c: Cursor): Uint8Array | null {
  const version = c.u8();
  if (version < 1 || version > 3) c.fail(`unsupported fill value message version ${version}`);
  if (version === 3) {
    const flags = c.u8();
    if (flags & 0x10) return null; // explicitly undefined
    if (!(flags & 0x20)) return null;
    const size = c.u32();
    return size === 0 ? null : c.bytesView(size).slice();
  }
  c.u8(); // space allocation time
  c.u8(); // fill value write time
  const defined = c.u8();
  if (version === 2 && defined === 0) return null;
  if (c.remaining === 0) return null;
  const size = c.u32();
  if (size === 0 || defined === 0) return null;
  return c.bytesView(size).slice();
}

export function parseOldFillValue(c: Cursor): Uint8Array | null {
  const size = c.u32();
  return size === 0 ? null : c.bytesView(size).slice();
}
