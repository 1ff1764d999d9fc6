import type { Cursor } from '../cursor.js';
import { malformed } from '../errors.js';
import type { H5File } from '../file.js';
import { Limits } from '../limits.js';

/** Node types of version-1 B-trees: group nodes (symbol table) and raw-data chunk nodes. */
export const BTREE_V1_GROUP = 0;
export const BTREE_V1_CHUNK = 1;

/**
 * Visits the leaf entries of a version-1 B-tree in key order: `onEntry(key, child)` receives
 * the key left of each child (a view) and the child address (a symbol table node for groups,
 * a chunk for chunk trees). Only the used entries of each node are read. Node levels must
 * decrease by one per step and nodes may not repeat, which bounds the walk on corrupt files.
 */
export async function walkBtreeV1(
  file: H5File,
  rootAddress: number,
  nodeType: number,
  keySize: number,
  onEntry: (key: Uint8Array, child: number) => void,
): Promise<void> {
  const { offsetSize } = file.widths;
  const headerSize = 8 + 2 * offsetSize;
  const seen = new Set<number>();
  const stack: { address: number; level: number | null }[] = [{ address: rootAddress, level: null }];
  while (stack.length > 0) {
    const { address, level: expectedLevel } = stack.pop()!;
    const what = `B-tree node at ${address}`;
    if (seen.has(address)) throw malformed(file, `${what} is reached twice (cycle in the B-tree)`);
    if (seen.size >= Limits.treeNodes) throw malformed(file, `B-tree has more than ${Limits.treeNodes} nodes`);
    seen.add(address);
    const head = await file.read(address, headerSize, what);
    const hc: Cursor = file.cursor(head, what);
    hc.expectSignature('TREE');
    const type = hc.u8();
    const level = hc.u8();
    const entries = hc.u16();
    if (type !== nodeType) hc.fail(`node type ${type}, expected ${nodeType}`);
    if (expectedLevel !== null && level !== expectedLevel) hc.fail(`level ${level}, expected ${expectedLevel}`);
    if (expectedLevel === null && level > Limits.treeDepth) hc.fail(`root level ${level} is too deep`);
    const body = await file.read(address + headerSize, entries * (keySize + offsetSize) + keySize, what);
    const c: Cursor = file.cursor(body, what);
    const children: number[] = [];
    for (let i = 0; i < entries; i++) {
      const key = c.bytesView(keySize);
      const child = c.address();
      if (child === null) c.fail(`entry ${i} has an undefined child address`);
      if (level === 0) onEntry(key, child);
      else children.push(child);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push({ address: children[i]!, level: level - 1 });
  }
}
