import { type Cursor, bytesToEncode } from '../cursor.js';
import { malformed } from '../errors.js';
import type { H5File } from '../file.js';
import { Limits } from '../limits.js';

/** Record types used here: link names (5), attribute names (8), chunks (10 unfiltered, 11 filtered), huge objects (1). */
export const BT2 = { HUGE_OBJECTS: 1, LINK_NAMES: 5, ATTRIBUTE_NAMES: 8, CHUNKS: 10, FILTERED_CHUNKS: 11 } as const;

const NODE_PREFIX = 4 + 1 + 1; // signature, version, type
const NODE_OVERHEAD = NODE_PREFIX + 4; // + checksum

export interface BtreeV2Header {
  readonly type: number;
  readonly nodeSize: number;
  readonly recordSize: number;
  readonly depth: number;
  readonly root: number | null;
  readonly rootRecords: number;
  readonly totalRecords: number;
}

export async function readBtreeV2Header(file: H5File, address: number): Promise<BtreeV2Header> {
  const what = `v2 B-tree header at ${address}`;
  const { offsetSize, lengthSize } = file.widths;
  const size = 4 + 1 + 1 + 4 + 2 + 2 + 1 + 1 + offsetSize + 2 + lengthSize;
  const bytes = await file.read(address, size + 4, what);
  file.verifyChecksum(bytes, 0, size, what);
  const c: Cursor = file.cursor(bytes, what);
  c.expectSignature('BTHD');
  const version = c.u8();
  if (version !== 0) c.fail(`unsupported version ${version}`);
  const type = c.u8();
  const nodeSize = c.u32();
  const recordSize = c.u16();
  const depth = c.u16();
  c.u8(); // split percent
  c.u8(); // merge percent
  const root = c.address();
  const rootRecords = c.u16();
  const totalRecords = c.lengthField();
  if (recordSize === 0 || nodeSize < NODE_OVERHEAD + recordSize || nodeSize > Limits.metadataBlock) {
    c.fail(`invalid node size ${nodeSize} / record size ${recordSize}`);
  }
  if (depth > Limits.treeDepth) c.fail(`depth ${depth} is too large`);
  return { type, nodeSize, recordSize, depth, root, rootRecords, totalRecords };
}

/** Per-level capacities, derived from the node size exactly as the format defines them. */
interface LevelInfo {
  readonly maxRecords: number;
  /** Bytes of the "total records below" field in pointers to nodes of this level. */
  readonly totalWidth: number;
  readonly cumulative: number;
}

function levelInfo(h: BtreeV2Header, offsetSize: number): { levels: LevelInfo[]; countWidth: number } {
  const leafMax = Math.floor((h.nodeSize - NODE_OVERHEAD) / h.recordSize);
  const countWidth = bytesToEncode(leafMax);
  const levels: LevelInfo[] = [{ maxRecords: leafMax, totalWidth: 0, cumulative: leafMax }];
  for (let d = 1; d <= h.depth; d++) {
    const below = levels[d - 1]!;
    const pointer = offsetSize + countWidth + below.totalWidth;
    const maxRecords = Math.floor((h.nodeSize - (NODE_OVERHEAD + pointer)) / (h.recordSize + pointer));
    const cumulative = (maxRecords + 1) * below.cumulative + maxRecords;
    const totalWidth = Number.isFinite(cumulative) && cumulative < 2 ** 53 ? bytesToEncode(cumulative) : 8;
    levels.push({ maxRecords: Math.max(0, maxRecords), totalWidth: Math.min(8, totalWidth), cumulative });
  }
  return { levels, countWidth };
}

/**
 * Visits every record of a version-2 B-tree (`onRecord` receives a view of `recordSize` bytes).
 * Node signatures, types, checksums and per-level record counts are verified; nodes may not
 * repeat and the record count may not exceed the header's total.
 */
export async function walkBtreeV2(
  file: H5File,
  address: number,
  expectedType: number,
  onRecord: (record: Uint8Array) => void,
  recordSize?: number,
): Promise<BtreeV2Header> {
  const h = await readBtreeV2Header(file, address);
  const what = `v2 B-tree at ${address}`;
  if (h.type !== expectedType) throw malformed(file, `${what} holds records of type ${h.type}, expected ${expectedType}`);
  if (recordSize !== undefined && h.recordSize !== recordSize) {
    throw malformed(file, `${what} has ${h.recordSize}-byte records, expected ${recordSize}`);
  }
  if (h.root === null || h.totalRecords === 0) return h;
  const { offsetSize } = file.widths;
  const { levels, countWidth } = levelInfo(h, offsetSize);
  const seen = new Set<number>();
  let visited = 0;
  const stack: { address: number; records: number; depth: number }[] = [{ address: h.root, records: h.rootRecords, depth: h.depth }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const nwhat = `v2 B-tree node at ${node.address}`;
    if (seen.has(node.address)) throw malformed(file, `${nwhat} is reached twice (cycle in the B-tree)`);
    if (seen.size >= Limits.treeNodes) throw malformed(file, `${what} has more than ${Limits.treeNodes} nodes`);
    seen.add(node.address);
    const info = levels[node.depth]!;
    if (node.records > info.maxRecords) throw malformed(file, `${nwhat} claims ${node.records} records (at most ${info.maxRecords})`);
    const bytes = await file.read(node.address, h.nodeSize, nwhat);
    const c: Cursor = file.cursor(bytes, nwhat);
    c.expectSignature(node.depth === 0 ? 'BTLF' : 'BTIN');
    const version = c.u8();
    if (version !== 0) c.fail(`unsupported version ${version}`);
    const type = c.u8();
    if (type !== h.type) c.fail(`record type ${type}, expected ${h.type}`);
    const records: Uint8Array[] = [];
    for (let i = 0; i < node.records; i++) records.push(c.bytesView(h.recordSize));
    const children: { address: number; records: number; depth: number }[] = [];
    if (node.depth > 0) {
      const childTotalWidth = levels[node.depth - 1]!.totalWidth;
      for (let i = 0; i <= node.records; i++) {
        const child = c.address();
        const childRecords = c.uint(countWidth);
        if (childTotalWidth > 0) c.uint(childTotalWidth);
        if (child === null) c.fail(`child ${i} has an undefined address`);
        children.push({ address: child, records: childRecords, depth: node.depth - 1 });
      }
    }
    file.verifyChecksum(bytes, 0, c.pos, nwhat);
    visited += records.length;
    if (visited > h.totalRecords) throw malformed(file, `${what} holds more records than its header's ${h.totalRecords}`);
    for (const r of records) onRecord(r);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return h;
}
