import type { DType } from '@beamstack/contract';
import { Hdf5Reader, type Hdf5Dtype } from '@beamstack/hdf5';
import { bundleFile } from '../paths.js';

/** One open reader per bundle file, shared by the frame, link and decode checks; closed at the end. */
export class ReaderCache {
  private readonly open = new Map<string, Promise<Hdf5Reader>>();

  constructor(private readonly dir: string) {}

  get(path: string): Promise<Hdf5Reader> {
    let reader = this.open.get(path);
    if (!reader) {
      reader = Hdf5Reader.open(bundleFile(this.dir, path));
      this.open.set(path, reader);
    }
    return reader;
  }

  async closeAll(): Promise<void> {
    const readers = await Promise.allSettled(this.open.values());
    this.open.clear();
    for (const r of readers) if (r.status === 'fulfilled') await r.value.close().catch(() => undefined);
  }
}

/** The pixel type of an HDF5 integer dtype, or null for anything a frame cannot hold. */
export function frameDtype(dtype: Hdf5Dtype): DType | null {
  if (!dtype.littleEndian || (dtype.class !== 'uint' && dtype.class !== 'int')) return null;
  if (dtype.size !== 1 && dtype.size !== 2 && dtype.size !== 4) return null;
  return `${dtype.class}${dtype.size * 8}` as DType;
}
