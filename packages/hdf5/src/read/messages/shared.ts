import type { Cursor } from '../cursor.js';

/** Where a shared message lives: another object's header, or the file's shared-message heap. */
export type SharedLocation =
  | { readonly kind: 'committed'; readonly address: number }
  /** In the shared-message heap, under this 8-byte heap ID. */
  | { readonly kind: 'heap'; readonly heapId: Uint8Array };

/** Shared message pointer, versions 1-3. */
export function parseShared(c: Cursor): SharedLocation {
  const version = c.u8();
  const type = c.u8();
  if (version === 1) {
    c.skip(6);
    return committed(c);
  }
  if (version === 2) return committed(c);
  if (version === 3) {
    if (type === 1) return { kind: 'heap', heapId: c.bytesView(8) };
    if (type === 2) return committed(c);
    return c.fail(`unknown shared message type ${type}`);
  }
  return c.fail(`unsupported shared message version ${version}`);
}

function committed(c: Cursor): SharedLocation {
  const address = c.address();
  if (address === null) c.fail('shared message with undefined address');
  return { kind: 'committed', address };
}
