import type { Cursor } from './cursor.js';
import { malformed } from './errors.js';
import type { H5File } from './file.js';
import { Limits } from './limits.js';
import { parseLink, parseLinkInfo, parseSymbolTable, type Link } from './messages/link.js';
import { findMessage, MSG, type ObjectHeader } from './object-header.js';
import { BT2, walkBtreeV2 } from './structures/btree-v2.js';
import { BTREE_V1_GROUP, walkBtreeV1 } from './structures/btree-v1.js';
import { FractalHeap } from './structures/fractal-heap.js';
import { LocalHeap } from './structures/local-heap.js';

/** True when the object header describes a group (old-style symbol table or new-style links). */
export function isGroup(header: ObjectHeader): boolean {
  return header.messages.some((m) => m.type === MSG.SYMBOL_TABLE || m.type === MSG.LINK_INFO || m.type === MSG.LINK);
}

/**
 * All links of a group, from whichever storage it uses: a symbol table (v1 B-tree of symbol
 * table nodes plus a local heap of names), link messages in the header (compact), or a fractal
 * heap indexed by a v2 B-tree of name hashes (dense).
 */
export async function readGroupLinks(file: H5File, header: ObjectHeader): Promise<Link[]> {
  const symbolTable = findMessage(header, MSG.SYMBOL_TABLE);
  if (symbolTable) {
    const stab = parseSymbolTable(file.cursor(symbolTable.body, 'symbol table message'));
    return readSymbolTable(file, stab.btreeAddress, stab.heapAddress);
  }
  const links: Link[] = [];
  for (const m of header.messages) {
    if (m.type === MSG.LINK) links.push(parseLink(file.cursor(m.body, `link message in object header ${header.address}`)));
  }
  const infoMessage = findMessage(header, MSG.LINK_INFO);
  if (infoMessage) {
    const info = parseLinkInfo(file.cursor(infoMessage.body, 'link info message'));
    if (info.heapAddress !== null && info.nameIndexAddress !== null) {
      const heap = await FractalHeap.open(file, info.heapAddress);
      const ids: Uint8Array[] = [];
      // Type-5 records: 4-byte name hash, then a 7-byte heap ID.
      await walkBtreeV2(file, info.nameIndexAddress, BT2.LINK_NAMES, (record) => {
        if (ids.length >= Limits.groupMembers) throw malformed(file, `group has more than ${Limits.groupMembers} links`);
        ids.push(record.subarray(4, 11));
      }, 11);
      for (const id of ids) {
        const body = await heap.object(id);
        links.push(parseLink(file.cursor(body, `dense link in heap ${info.heapAddress}`)));
      }
    }
  }
  return links;
}

async function readSymbolTable(file: H5File, btreeAddress: number, heapAddress: number): Promise<Link[]> {
  const heap = await LocalHeap.read(file, heapAddress);
  const nodes: number[] = [];
  await walkBtreeV1(file, btreeAddress, BTREE_V1_GROUP, file.widths.lengthSize, (_key, child) => {
    nodes.push(child);
  });
  const { offsetSize } = file.widths;
  const entrySize = 2 * offsetSize + 8 + 16;
  const links: Link[] = [];
  for (const address of nodes) {
    const what = `symbol table node at ${address}`;
    const head = await file.read(address, 8, what);
    const hc: Cursor = file.cursor(head, what);
    hc.expectSignature('SNOD');
    const version = hc.u8();
    if (version !== 1) hc.fail(`unsupported version ${version}`);
    hc.u8();
    const count = hc.u16();
    if (links.length + count > Limits.groupMembers) throw malformed(file, `group has more than ${Limits.groupMembers} links`);
    const body = await file.read(address + 8, count * entrySize, what);
    const c: Cursor = file.cursor(body, what);
    for (let i = 0; i < count; i++) {
      const nameOffset = c.uint(offsetSize);
      const objectAddress = c.address();
      const cacheType = c.u32();
      c.u32();
      const scratch: Cursor = file.cursor(c.bytesView(16), `${what}: scratch pad`);
      const name = heap.string(nameOffset);
      if (cacheType === 2) {
        links.push({ name, target: { kind: 'soft', target: heap.string(scratch.u32()) } });
      } else {
        if (objectAddress === null) c.fail(`entry "${name}" has no object address`);
        links.push({ name, target: { kind: 'hard', address: objectAddress } });
      }
    }
  }
  return links;
}
