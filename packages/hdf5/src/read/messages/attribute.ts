import { decodeText, type Cursor } from '../cursor.js';

/**
 * An attribute message split into its parts. Datatype and dataspace may be shared (stored
 * elsewhere); the caller resolves those before decoding. `data` runs to the end of the message.
 */
export interface RawAttribute {
  readonly name: string;
  readonly datatype: Uint8Array;
  readonly datatypeShared: boolean;
  readonly dataspace: Uint8Array;
  readonly dataspaceShared: boolean;
  readonly data: Uint8Array;
}

/** Attribute message, versions 1 (8-byte padded parts), 2 and 3. */
export function parseAttribute(c: Cursor): RawAttribute {
  const version = c.u8();
  if (version < 1 || version > 3) c.fail(`unsupported attribute message version ${version}`);
  const flags = c.u8();
  const nameSize = c.u16();
  const datatypeSize = c.u16();
  const dataspaceSize = c.u16();
  if (version === 3) c.u8(); // name character set
  const pad = (n: number): number => (version === 1 ? (n + 7) & ~7 : n);
  const rawName = c.bytesView(pad(nameSize)).subarray(0, nameSize);
  const end = rawName.indexOf(0);
  const name = decodeText(end < 0 ? rawName : rawName.subarray(0, end));
  const datatype = c.bytesView(pad(datatypeSize)).subarray(0, datatypeSize);
  const dataspace = c.bytesView(pad(dataspaceSize)).subarray(0, dataspaceSize);
  const data = c.bytesView(c.remaining);
  return {
    name,
    datatype,
    datatypeShared: version >= 2 && (flags & 0x01) !== 0,
    dataspace,
    dataspaceShared: version >= 2 && (flags & 0x02) !== 0,
    data,
  };
}

export interface AttributeInfo {
  /** Fractal heap of dense attribute storage, or null when attributes are header messages. */
  readonly heapAddress: number | null;
  readonly nameIndexAddress: number | null;
}

/** Attribute info message (version 0). */
export function parseAttributeInfo(c: Cursor): AttributeInfo {
  const version = c.u8();
  if (version !== 0) c.fail(`unsupported attribute info version ${version}`);
  const flags = c.u8();
  if (flags & 0x01) c.u16(); // maximum creation index
  const heapAddress = c.address();
  const nameIndexAddress = c.address();
  return { heapAddress, nameIndexAddress };
}
