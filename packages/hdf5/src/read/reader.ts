import { dirname, isAbsolute, resolve as resolvePath } from 'node:path';
import { readAttributes } from './attributes.js';
import { DatasetReader } from './dataset.js';
import { asInputError, malformed } from './errors.js';
import { H5File } from './file.js';
import { isGroup, readGroupLinks } from './groups.js';
import { Limits } from './limits.js';
import type { Link } from './messages/link.js';
import { findMessage, MSG, readObjectHeader, type ObjectHeader } from './object-header.js';
import { joinComponents, pathComponents, softTarget } from './paths.js';
import { GlobalHeap } from './structures/global-heap.js';
import { readSuperblock } from './superblock.js';
import type { Hdf5DatasetReader, Hdf5LinkInfo, Hdf5Node, Hdf5ReadValue } from './types.js';

type Resolved =
  | { readonly kind: 'object'; readonly address: number; readonly components: readonly string[] }
  | { readonly kind: 'external'; readonly file: string; readonly target: string }
  | { readonly kind: 'missing' };

/** A path component that names no link (distinct from malformed-file errors while resolving). */
class NotFound extends Error {}

/**
 * Read-only access to an HDF5 file: navigation through hard, soft and external links, object
 * attributes and datasets with chunk-level access. Every structure read from the file is
 * bounds-checked; failures are BeamstackError(INPUT) naming the file (and dataset).
 */
export class Hdf5Reader {
  private readonly heap: GlobalHeap;
  private readonly headers = new Map<number, Promise<ObjectHeader>>();
  private readonly links = new Map<number, Promise<Link[]>>();
  private readonly datasets = new Map<number, Promise<DatasetReader>>();
  private readonly externals = new Map<string, Promise<Hdf5Reader>>();
  private closed = false;

  private constructor(
    private readonly h5: H5File,
    private readonly root: number,
    private readonly externalDepth: number,
  ) {
    this.heap = new GlobalHeap(h5);
  }

  /** Opens `path` read-only and reads its superblock. */
  static async open(path: string): Promise<Hdf5Reader> {
    return Hdf5Reader.openAt(path, 0);
  }

  private static async openAt(path: string, externalDepth: number): Promise<Hdf5Reader> {
    const h5 = await H5File.open(path);
    try {
      const sb = await readSuperblock(h5);
      return new Hdf5Reader(h5, sb.rootAddress, externalDepth);
    } catch (err) {
      await h5.close().catch(() => undefined);
      throw asInputError(err, { file: path });
    }
  }

  get path(): string {
    return this.h5.file;
  }

  /** Closes the file and every file opened through its external links. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const nested = await Promise.allSettled([...this.externals.values()]);
    for (const r of nested) if (r.status === 'fulfilled') await r.value.close();
    await this.h5.close();
  }

  /**
   * What `path` names, following hard and soft links. External links are not followed: the
   * node says which file and path they point to. A dangling soft link is 'missing'; a path
   * that names no link at all is an INPUT error.
   */
  async lookup(path: string): Promise<Hdf5Node> {
    return this.guard(async () => {
      const canonical = joinComponents(pathComponents(path));
      const r = await this.resolve(path);
      if (r.kind === 'missing') return { kind: 'missing', path: canonical };
      if (r.kind === 'external') {
        return { kind: 'external', path: canonical, file: r.file, resolvedFile: this.externalPath(r.file), target: r.target };
      }
      const header = await this.header(r.address);
      if (isGroup(header)) return { kind: 'group', path: canonical };
      if (findMessage(header, MSG.LAYOUT)) return { kind: 'dataset', path: canonical };
      throw malformed(this.h5, `"${canonical}" is neither a group nor a dataset (a named datatype?)`);
    });
  }

  /** The links of a group (sorted by name) without resolving them. External links are followed to reach the group. */
  async list(groupPath: string): Promise<Hdf5LinkInfo[]> {
    return this.guard(async () => {
      const r = await this.resolve(groupPath);
      if (r.kind === 'external') return (await this.external(r.file)).list(r.target);
      const address = this.requireObject(r, groupPath);
      const header = await this.header(address);
      if (!isGroup(header)) throw malformed(this.h5, `"${groupPath}" is not a group`);
      const out: Hdf5LinkInfo[] = [];
      for (const link of await this.groupLinks(address)) {
        const t = link.target;
        if (t.kind === 'hard') out.push({ name: link.name, kind: 'hard' });
        else if (t.kind === 'soft') out.push({ name: link.name, kind: 'soft', target: t.target });
        else if (t.kind === 'external') out.push({ name: link.name, kind: 'external', file: t.file, target: t.target });
      }
      return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    });
  }

  /** Attributes of the group or dataset at `path` (external links are followed). */
  async attributes(path: string): Promise<Record<string, Hdf5ReadValue>> {
    return this.guard(async () => {
      const r = await this.resolve(path);
      if (r.kind === 'external') return (await this.external(r.file)).attributes(r.target);
      const header = await this.header(this.requireObject(r, path));
      return readAttributes(this.h5, this.heap, header);
    });
  }

  /**
   * The dataset at `path`, following hard and soft links and external links (the target file is
   * opened relative to this file's folder, once, and closed with this reader).
   */
  async dataset(path: string): Promise<Hdf5DatasetReader> {
    return this.guard(async () => {
      const r = await this.resolve(path);
      if (r.kind === 'external') return (await this.external(r.file)).dataset(r.target);
      const address = this.requireObject(r, path);
      let ds = this.datasets.get(address);
      if (!ds) {
        ds = this.header(address).then((header) => {
          if (!findMessage(header, MSG.LAYOUT)) throw malformed(this.h5, `"${path}" is not a dataset`);
          return DatasetReader.open(this.h5, this.heap, header, joinComponents(pathComponents(path)));
        });
        this.datasets.set(address, ds);
      }
      return ds;
    });
  }

  private async guard<T>(body: () => Promise<T>): Promise<T> {
    if (this.closed) throw malformed(this.h5, 'the reader is closed');
    try {
      return await body();
    } catch (err) {
      throw asInputError(err, this.h5);
    }
  }

  private requireObject(r: Resolved, path: string): number {
    if (r.kind === 'missing') throw malformed(this.h5, `"${path}" is a dangling soft link`);
    if (r.kind !== 'object') throw malformed(this.h5, `"${path}" is an external link`);
    return r.address;
  }

  private async resolve(path: string): Promise<Resolved> {
    try {
      return await this.walk(pathComponents(path), { links: 0 });
    } catch (err) {
      if (err instanceof NotFound) throw malformed(this.h5, `"${path}" does not exist: ${err.message}`);
      throw err;
    }
  }

  private async walk(components: readonly string[], budget: { links: number }): Promise<Resolved> {
    let address = this.root;
    let here: readonly string[] = [];
    for (let i = 0; i < components.length; i++) {
      const name = components[i]!;
      const rest = components.slice(i + 1);
      const header = await this.header(address);
      if (!isGroup(header)) throw new NotFound(`"${joinComponents(here)}" is not a group`);
      const link = (await this.groupLinks(address)).find((l) => l.name === name);
      if (!link) throw new NotFound(`no link "${name}" in "${joinComponents(here)}"`);
      const t = link.target;
      if (t.kind === 'hard') {
        address = t.address;
        here = [...here, name];
      } else if (t.kind === 'soft') {
        if (++budget.links > Limits.linkDepth) throw malformed(this.h5, `more than ${Limits.linkDepth} soft links while resolving (a cycle?)`);
        let r: Resolved;
        try {
          r = await this.walk(softTarget(here, t.target), budget);
        } catch (err) {
          if (err instanceof NotFound) return { kind: 'missing' };
          throw err;
        }
        if (r.kind === 'missing') return r;
        if (r.kind === 'external') return { ...r, target: joinComponents([...pathComponents(r.target), ...rest]) };
        address = r.address;
        here = r.components;
      } else if (t.kind === 'external') {
        return { kind: 'external', file: t.file, target: joinComponents([...pathComponents(t.target), ...rest]) };
      } else {
        return { kind: 'missing' };
      }
    }
    return { kind: 'object', address, components: here };
  }

  private header(address: number): Promise<ObjectHeader> {
    let h = this.headers.get(address);
    if (!h) {
      h = readObjectHeader(this.h5, address);
      this.headers.set(address, h);
    }
    return h;
  }

  private groupLinks(address: number): Promise<Link[]> {
    let l = this.links.get(address);
    if (!l) {
      l = this.header(address).then((header) => readGroupLinks(this.h5, header));
      this.links.set(address, l);
    }
    return l;
  }

  /** External file names resolve against the folder of the file holding the link. */
  private externalPath(file: string): string {
    return isAbsolute(file) ? file : resolvePath(dirname(this.h5.file), file);
  }

  private external(file: string): Promise<Hdf5Reader> {
    const path = this.externalPath(file);
    let r = this.externals.get(path);
    if (!r) {
      if (this.externalDepth + 1 > Limits.externalDepth) {
        throw malformed(this.h5, `more than ${Limits.externalDepth} nested external links (a cycle?) at ${path}`);
      }
      r = Hdf5Reader.openAt(path, this.externalDepth + 1);
      this.externals.set(path, r);
    }
    return r;
  }
}
