import type { Cursor } from '../cursor.js';
import { malformed } from '../errors.js';
import type { H5File } from '../file.js';

const COLLECTION_HEADER = 16;

/**
 * Global heap collections ("GCOL"), which hold variable-length data and the virtual dataset
 * mapping. A collection is parsed once into its object table and cached per file.
 */
export class GlobalHeap {
  private readonly collections = new Map<number, Map<number, Uint8Array>>();

  constructor(private readonly file: H5File) {}

  /** The bytes of object `index` in the collection at `address`. */
  async object(address: number, index: number): Promise<Uint8Array> {
    let objects = this.collections.get(address);
    if (!objects) {
      objects = await this.readCollection(address);
      this.collections.set(address, objects);
    }
    const found = objects.get(index);
    if (!found) throw malformed(this.file, `global heap collection at ${address} has no object ${index}`);
    return found;
  }

  private async readCollection(address: number): Promise<Map<number, Uint8Array>> {
    const what = `global heap collection at ${address}`;
    const head = await this.file.read(address, COLLECTION_HEADER, what);
    const hc: Cursor = this.file.cursor(head, what);
    hc.expectSignature('GCOL');
    const version = hc.u8();
    if (version !== 1) hc.fail(`unsupported global heap version ${version}`);
    hc.skip(3);
    const size = hc.lengthField();
    if (size < COLLECTION_HEADER) hc.fail(`collection size ${size} is too small`);
    const bytes = await this.file.read(address, size, what);
    const c: Cursor = this.file.cursor(bytes, what, COLLECTION_HEADER);
    const objects = new Map<number, Uint8Array>();
    const lengthSize = this.file.widths.lengthSize;
    // Object headers (index, reference count, reserved, size) are padded to 8 bytes.
    const objectHeader = (8 + lengthSize + 7) & ~7;
    while (c.remaining >= objectHeader) {
      const start = c.pos;
      const index = c.u16();
      c.u16(); // reference count
      c.skip(4);
      const objectSize = c.lengthField();
      c.pos = start + objectHeader;
      if (index === 0) break; // free space: the rest of the collection
      if (objectSize > c.remaining) c.fail(`object ${index} claims ${objectSize} bytes, ${c.remaining} remain`);
      objects.set(index, c.bytesView(objectSize));
      c.pos = Math.min(c.length, c.pos + ((8 - (objectSize % 8)) % 8));
    }
    return objects;
  }
}
