import { Cursor, decodeText } from '../cursor.js';

export type LinkTarget =
  | { readonly kind: 'hard'; readonly address: number }
  | { readonly kind: 'soft'; readonly target: string }
  | { readonly kind: 'external'; readonly file: string; readonly target: string }
  /** A user-defined link class this reader does not interpret. */
  | { readonly kind: 'unknown'; readonly linkType: number };

export interface Link {
  readonly name: string;
  readonly target: LinkTarget;
}

/** Link message (version 1), as found in object headers and dense link storage. */
export function parseLink(c: Cursor): Link {
  const version = c.u8();
  if (version !== 1) c.fail(`unsupported link message version ${version}`);
  const flags = c.u8();
  const linkType = flags & 0x08 ? c.u8() : 0;
  if (flags & 0x04) c.skip(8); // creation order
  if (flags & 0x10) c.u8(); // character set (names are decoded as UTF-8 either way)
  const nameLength = c.uint(1 << (flags & 0x03));
  if (nameLength === 0) c.fail('empty link name');
  const name = decodeText(c.bytesView(nameLength));
  switch (linkType) {
    case 0: {
      const address = c.address();
      if (address === null) c.fail(`hard link "${name}" has an undefined address`);
      return { name, target: { kind: 'hard', address } };
    }
    case 1: {
      const length = c.u16();
      return { name, target: { kind: 'soft', target: decodeText(c.bytesView(length)) } };
    }
    case 64: {
      const length = c.u16();
      const info = c.bytesView(length);
      const ic = new Cursor(info, c.ctx, `${c.what}: external link "${name}"`, c.widths);
      const versionAndFlags = ic.u8();
      if (versionAndFlags >> 4 !== 0) ic.fail(`unsupported external link version ${versionAndFlags >> 4}`);
      const file = decodeText(ic.cstringBytes());
      const target = decodeText(ic.cstringBytes());
      return { name, target: { kind: 'external', file, target } };
    }
    default:
      return { name, target: { kind: 'unknown', linkType } };
  }
}

export interface LinkInfo {
  /** Fractal heap of dense link storage, or null when the links are messages in the header. */
  readonly heapAddress: number | null;
  readonly nameIndexAddress: number | null;
}

/** Link info message (version 0). */
export function parseLinkInfo(c: Cursor): LinkInfo {
  const version = c.u8();
  if (version !== 0) c.fail(`unsupported link info version ${version}`);
  const flags = c.u8();
  if (flags & 0x01) c.skip(8); // maximum creation index
  const heapAddress = c.address();
  const nameIndexAddress = c.address();
  return { heapAddress, nameIndexAddress };
}

export interface SymbolTableMessage {
  readonly btreeAddress: number;
  readonly heapAddress: number;
}

/** Symbol table message: an old-style group's v1 B-tree and local heap. */
export function parseSymbolTable(c: Cursor): SymbolTableMessage {
  const btreeAddress = c.address();
  const heapAddress = c.address();
  if (btreeAddress === null || heapAddress === null) c.fail('undefined B-tree or heap address');
  return { btreeAddress, heapAddress };
}
