import { type Cursor, decodeText } from '../cursor.js';
import type { H5File } from '../file.js';

/** An old-style group's local heap: a data segment holding NUL-terminated link names. */
export class LocalHeap {
  private constructor(
    private readonly file: H5File,
    private readonly data: Uint8Array,
    private readonly what: string,
  ) {}

  static async read(file: H5File, address: number): Promise<LocalHeap> {
    const what = `local heap at ${address}`;
    const head = await file.read(address, 8 + 2 * file.widths.lengthSize + file.widths.offsetSize, what);
    const c: Cursor = file.cursor(head, what);
    c.expectSignature('HEAP');
    const version = c.u8();
    if (version !== 0) c.fail(`unsupported local heap version ${version}`);
    c.skip(3);
    const size = c.lengthField();
    c.lengthField(); // free list head
    const dataAddress = c.address();
    if (dataAddress === null) c.fail('undefined data segment address');
    return new LocalHeap(file, await file.read(dataAddress, size, what), what);
  }

  /** The NUL-terminated string at `offset` in the data segment. */
  string(offset: number): string {
    if (!Number.isSafeInteger(offset) || offset < 0 || offset >= this.data.length) {
      return this.file.cursor(this.data, this.what).fail(`string offset ${offset} outside the heap (${this.data.length} bytes)`);
    }
    const c: Cursor = this.file.cursor(this.data, this.what, offset);
    return decodeText(c.cstringBytes());
  }
}
