import { existsSync } from 'node:fs';
import { asInputError } from '../errors.js';
import { H5wasmFile } from '../h5/h5wasm-file.js';
import type { OpenReader, ReaderDataset, ReaderFile } from './reader-api.js';

/**
 * The files one session has open: each opened once, on first use, with our chunk reader (raw
 * chunks) or h5wasm (HDF5-decoded reads for layouts without whole-frame chunks); all closed at
 * the end.
 */
export class FileCache {
  private readonly readers = new Map<string, Promise<ReaderFile>>();
  private readonly datasets = new Map<string, Promise<ReaderDataset>>();
  private readonly wasm = new Map<string, Promise<H5wasmFile>>();

  constructor(private readonly openReader: OpenReader) {}

  exists(path: string): boolean {
    return existsSync(path);
  }

  reader(path: string): Promise<ReaderFile> {
    let r = this.readers.get(path);
    if (!r) {
      r = this.openReader(path).catch((error: unknown) => {
        throw asInputError(error, { file: path }, 'cannot open HDF5 file');
      });
      this.readers.set(path, r);
    }
    return r;
  }

  /** The dataset `path` of `file` (the reader follows hard and soft links). */
  dataset(file: string, path: string): Promise<ReaderDataset> {
    const key = `${file}\0${path}`;
    let d = this.datasets.get(key);
    if (!d) {
      d = this.reader(file)
        .then((r) => r.dataset(path))
        .catch((error: unknown) => {
          throw asInputError(error, { file, dataset: path }, 'cannot open dataset');
        });
      this.datasets.set(key, d);
    }
    return d;
  }

  h5wasm(path: string): Promise<H5wasmFile> {
    let f = this.wasm.get(path);
    if (!f) {
      f = H5wasmFile.open(path);
      this.wasm.set(path, f);
    }
    return f;
  }

  async close(): Promise<void> {
    const readers = [...this.readers.values()];
    const wasm = [...this.wasm.values()];
    this.readers.clear();
    this.datasets.clear();
    this.wasm.clear();
    for (const r of readers) {
      try {
        await (await r).close();
      } catch {
        // A file that failed to open has nothing to close.
      }
    }
    for (const f of wasm) {
      try {
        (await f).close();
      } catch {
        // as above
      }
    }
  }
}
