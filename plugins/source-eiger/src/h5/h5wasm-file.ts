import type * as H5 from 'h5wasm/node';
import { asInputError, inputError } from '../errors.js';

type H5Lib = typeof H5;
type H5Module = typeof H5.Module;

/** A value as this source uses it: numbers, strings, or arrays of them (64-bit integers as numbers). */
export type H5Value = number | string | readonly number[] | readonly string[];

export interface H5DatasetInfo {
  readonly shape: readonly number[];
  /** HDF5 type class: 0 integer, 1 float, 3 string, others. */
  readonly typeClass: number;
  readonly size: number;
  readonly signed: boolean;
  readonly littleEndian: boolean;
  readonly chunks: readonly number[] | null;
  readonly filterIds: readonly number[];
  readonly virtual: boolean;
}

export type H5NodeKind = 'group' | 'dataset' | 'external' | 'broken' | 'other' | 'missing';

let loaded: Promise<{ lib: H5Lib; m: H5Module }> | null = null;

/**
 * h5wasm for this thread, loaded on first use: the host imports every plugin at start, and
 * instantiating HDF5-in-WebAssembly costs ~0.1 s and ~40 MB that runs without this source need
 * not pay. Each thread that loads it gets its own instance.
 */
function ready(): Promise<{ lib: H5Lib; m: H5Module }> {
  loaded ??= import('h5wasm/node').then(async (lib) => ({ lib, m: await lib.ready }));
  return loaded;
}

/**
 * HDF5 reports errors by printing a stack to stderr and returning −1; h5wasm can install a handler
 * that throws instead. It is switched on only around our own calls, so other h5wasm users in the
 * process keep the library's default behaviour. The handler runs at the very end of the failing
 * API call (after HDF5 has unwound its own state), so throwing there leaves the library usable.
 */
function guarded<T>(m: H5Module, fn: () => T): T {
  m.activate_throwing_error_handler();
  try {
    return fn();
  } finally {
    m.deactivate_throwing_error_handler();
  }
}

/**
 * A read-only HDF5 file opened with h5wasm (the real HDF5 library compiled to WebAssembly; its
 * Node build reads the file from disk by path). Used for NXmx metadata: any string, attribute or
 * storage layout HDF5 itself can read works here. Every failure is an INPUT error naming the file
 * and the object.
 */
export class H5wasmFile {
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly lib: H5Lib,
    private readonly m: H5Module,
    private readonly file: H5.File,
  ) {}

  static async open(path: string): Promise<H5wasmFile> {
    const { lib, m } = await ready();
    let file: H5.File;
    try {
      file = guarded(m, () => new lib.File(path, 'r'));
    } catch (error) {
      throw asInputError(error, { file: path }, 'not a readable HDF5 file');
    }
    if (typeof file.file_id !== 'bigint' || file.file_id < 0n) throw inputError('not a readable HDF5 file', { file: path });
    return new H5wasmFile(path, lib, m, file);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      guarded(this.m, () => this.file.close());
    } catch {
      // Closing a read-only file can only fail if HDF5 is already broken; nothing to release then.
    }
  }

  private call<T>(dataset: string, what: string, fn: () => T): T {
    if (this.closed) throw inputError(`${what}: file already closed`, { file: this.path, dataset });
    try {
      return guarded(this.m, fn);
    } catch (error) {
      throw asInputError(error, { file: this.path, dataset }, what);
    }
  }

  /** What `path` names, without opening external files: an external link is reported as such. */
  kind(path: string): H5NodeKind {
    return this.call(path, 'cannot look up', () => {
      if (path !== '/' && this.externalLink(path) !== null) return 'external';
      const entity = this.file.get(path);
      if (entity === null) return 'missing';
      if (entity instanceof this.lib.Group) return 'group';
      if (entity instanceof this.lib.Dataset) return 'dataset';
      if (entity instanceof this.lib.BrokenSoftLink) return 'broken';
      if (entity instanceof this.lib.ExternalLink) return 'external';
      return 'other';
    });
  }

  /** The target of an external link at `path`, or null when `path` is no external link. */
  externalLink(path: string): { file: string; target: string } | null {
    return this.call(path, 'cannot read link', () => {
      const parent = parentOf(path);
      if (parent !== '/' && this.kindNoExternal(parent) !== 'group') return null;
      const names = this.m.get_names(this.file.file_id, parent, false);
      if (!names.includes(baseName(path))) return null;
      // h5wasm answers {} (not null) for links that are not external.
      const link = this.m.get_external_link(this.file.file_id, path) as { filename?: unknown; obj_path?: unknown } | null;
      return link && typeof link.filename === 'string' && typeof link.obj_path === 'string' ? { file: link.filename, target: link.obj_path } : null;
    });
  }

  private kindNoExternal(path: string): H5NodeKind {
    const entity = this.file.get(path);
    if (entity instanceof this.lib.Group) return 'group';
    if (entity instanceof this.lib.Dataset) return 'dataset';
    return entity === null ? 'missing' : 'other';
  }

  /** Names of a group's members (links of any kind), or [] when it is no group. */
  children(path: string): string[] {
    return this.call(path, 'cannot list group', () => {
      const entity = this.file.get(path);
      return entity instanceof this.lib.Group ? entity.keys() : [];
    });
  }

  /** Dataset value, or undefined when there is no dataset at `path`. */
  value(path: string): H5Value | undefined {
    return this.call(path, 'cannot read dataset', () => {
      const entity = this.file.get(path);
      if (!(entity instanceof this.lib.Dataset)) return undefined;
      return normalize(entity.value);
    });
  }

  /** Dataset value as a typed array (big masks, frames), or undefined when not a numeric dataset. */
  array(path: string): ArrayBufferView | undefined {
    return this.call(path, 'cannot read dataset', () => {
      const entity = this.file.get(path);
      if (!(entity instanceof this.lib.Dataset)) return undefined;
      const v = entity.value;
      return ArrayBuffer.isView(v) ? v : undefined;
    });
  }

  /** One attribute, or undefined when absent. */
  attr(path: string, name: string): H5Value | undefined {
    return this.call(path, `cannot read attribute ${name}`, () => {
      const entity = this.file.get(path);
      if (!(entity instanceof this.lib.Dataset || entity instanceof this.lib.Group)) return undefined;
      const attrs = entity.attrs;
      if (!Object.prototype.hasOwnProperty.call(attrs, name)) return undefined;
      return normalize(attrs[name]!.value);
    });
  }

  info(path: string): H5DatasetInfo | undefined {
    return this.call(path, 'cannot describe dataset', () => {
      const entity = this.file.get(path);
      if (!(entity instanceof this.lib.Dataset)) return undefined;
      const meta = entity.metadata;
      return {
        shape: meta.shape ?? [],
        typeClass: meta.type,
        size: meta.size,
        signed: meta.signed,
        littleEndian: meta.littleEndian,
        chunks: meta.chunks,
        filterIds: entity.filters.map((f) => f.id),
        virtual: (meta.virtual_sources?.length ?? 0) > 0,
      };
    });
  }

  /** Frame `index` of a (frames, H, W) dataset, decoded by HDF5 (its built-in filters only). */
  frame(path: string, index: number): ArrayBufferView {
    return this.call(path, `cannot read frame ${index}`, () => {
      const entity = this.file.get(path);
      if (!(entity instanceof this.lib.Dataset)) throw new Error('no such dataset');
      const rank = entity.shape?.length ?? 0;
      const sel: [number, number][] = rank === 2 ? [] : [[index, index + 1]];
      const v = entity.slice(sel);
      if (!ArrayBuffer.isView(v)) throw new Error('not a numeric dataset');
      return v;
    });
  }
}

function normalize(v: unknown): H5Value | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    return Array.from(v as unknown as ArrayLike<number | bigint>, (x) => Number(x));
  }
  if (Array.isArray(v)) {
    const flat = v.flat(Infinity) as unknown[];
    if (flat.every((x) => typeof x === 'string')) return flat as string[];
    if (flat.every((x) => typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean')) return flat.map((x) => Number(x));
  }
  return undefined;
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
