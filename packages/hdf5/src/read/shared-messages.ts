import type { Cursor } from './cursor.js';
import { malformed } from './errors.js';
import type { H5File } from './file.js';
import { parseShared } from './messages/shared.js';
import { findMessage, readObjectHeader } from './object-header.js';
import { FractalHeap } from './structures/fractal-heap.js';

/** Superblock-extension message pointing to the shared object header message table. */
const MSG_SHARED_TABLE = 0x0f;

/**
 * Message types an index may hold. The library stores an index's type flags as 1 << message
 * type (dataspace 0x2, datatype 0x8, fill value 0x20, pipeline 0x800, attribute 0x1000), not as
 * the bits 0-4 the format specification describes; files written by HDF5 1.10 prove it.
 */
const SHAREABLE = new Set([0x01, 0x03, 0x05, 0x0b, 0x0c]);

/**
 * Shared object header messages (SOHM): files created with shared-message indexes keep
 * datatypes, dataspaces, fill values, pipelines and attributes used by several objects once, in
 * a fractal heap per index. The table ("SMTB") is found through the superblock extension and
 * loaded on first use.
 */
export class SharedMessageTable {
  private heaps: Promise<{ flags: number; heap: FractalHeap | null }[]> | null = null;

  constructor(
    private readonly file: H5File,
    private readonly extension: number | null,
  ) {}

  /** The message body stored under `heapId` for a message of `type`. */
  async message(type: number, heapId: Uint8Array): Promise<Uint8Array> {
    const index = SHAREABLE.has(type) ? (await this.load()).find((i) => i.flags & (1 << type)) : undefined;
    if (!index?.heap) throw malformed(this.file, `shared message of type ${type} has no shared-message heap`);
    return index.heap.object(heapId);
  }

  private load(): Promise<{ flags: number; heap: FractalHeap | null }[]> {
    this.heaps ??= this.read();
    return this.heaps;
  }

  private async read(): Promise<{ flags: number; heap: FractalHeap | null }[]> {
    if (this.extension === null) throw malformed(this.file, 'shared messages are used but the file has no superblock extension');
    const ext = await readObjectHeader(this.file, this.extension);
    const pointer = findMessage(ext, MSG_SHARED_TABLE);
    if (!pointer) throw malformed(this.file, 'shared messages are used but the file has no shared message table');
    const pc: Cursor = this.file.cursor(pointer.body, 'shared message table message');
    if (pc.u8() !== 0) pc.fail('unsupported version');
    const address = pc.address();
    const count = pc.u8();
    if (address === null) pc.fail('undefined table address');
    const { offsetSize } = this.file.widths;
    const entry = 1 + 1 + 2 + 4 + 2 + 2 + 2 + 2 * offsetSize;
    const what = `shared message table at ${address}`;
    const bytes = await this.file.read(address, 4 + count * entry + 4, what);
    this.file.verifyChecksum(bytes, 0, 4 + count * entry, what);
    const c = this.file.cursor(bytes, what);
    c.expectSignature('SMTB');
    const out: { flags: number; heap: FractalHeap | null }[] = [];
    for (let i = 0; i < count; i++) {
      if (c.u8() !== 0) c.fail(`unsupported index version`);
      c.u8(); // index type (list or v2 B-tree): only needed to find duplicates when writing
      const flags = c.u16();
      c.skip(4 + 2 + 2 + 2);
      c.address(); // index address
      const heapAddress = c.address();
      out.push({ flags, heap: heapAddress === null ? null : await FractalHeap.open(this.file, heapAddress) });
    }
    return out;
  }
}

/**
 * The body of a message that may be shared: committed messages (a named datatype in another
 * object header) come from that header, SOHM messages from the shared-message heap.
 */
export async function resolveShared(file: H5File, body: Uint8Array, shared: boolean, type: number): Promise<Uint8Array> {
  if (!shared) return body;
  const location = parseShared(file.cursor(body, 'shared message'));
  if (location.kind === 'heap') return file.sharedMessages.message(type, location.heapId);
  const header = await readObjectHeader(file, location.address);
  const target = findMessage(header, type);
  if (!target) throw malformed(file, `shared message points to object ${location.address}, which has no message of type ${type}`);
  if (target.flags & 0x02) throw malformed(file, `shared message at ${location.address} is itself shared`);
  return target.body;
}
