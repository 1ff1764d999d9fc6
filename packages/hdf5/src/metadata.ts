import { chunkBtreeBytes, nodeSize, writeChunkBtree } from './btree.js';
import { ByteWriter } from './bytes.js';
import { outputFailure } from './errors.js';
import {
  attributeInfoMessage,
  attributeMessage,
  chunkedLayoutMessage,
  contiguousLayoutMessage,
  dataspaceMessage,
  datatypeMessage,
  fillValueMessage,
  filterPipelineMessage,
  groupInfoMessage,
  linkInfoMessage,
  linkMessage,
  virtualLayoutMessage,
  type Message,
} from './messages.js';
import { objectHeaderSize, writeObjectHeader } from './object-header.js';
import type { DatasetNode, GroupNode, ObjectNode } from './tree.js';
import { elementSize } from './types.js';
import { encodeVirtualMapping, globalHeapBytes, writeGlobalHeap } from './virtual.js';

/**
 * Lays out and encodes every metadata structure of the file in one block that starts at
 * `start` (the end of the data): chunk B-trees, global heap collections, then object headers.
 * Sizes are computed first (addresses have a fixed width), so every address is known before
 * anything is encoded.
 */
export function encodeMetadata(root: GroupNode, start: number): { bytes: Uint8Array; rootAddress: number } {
  const nodes = collectObjects(root);
  /** Where each dataset's index region starts (B-tree nodes or heap collection). */
  const regionStart = new Map<DatasetNode, number>();
  /** What the layout message points at: the B-tree root, the heap collection, or nothing. */
  const indexAddress = new Map<DatasetNode, number | null>();
  const heapObject = new Map<DatasetNode, Uint8Array>();
  let cursor = start;

  for (const node of nodes) {
    if (node.kind !== 'dataset') continue;
    const storage = node.storage;
    if (storage.kind === 'chunked') {
      const dims = chunkDims(node);
      const bytes = chunkBtreeBytes(storage.table.count, dims);
      regionStart.set(node, cursor);
      // Nodes are written level by level, so the root is the last one.
      indexAddress.set(node, bytes > 0 ? cursor + bytes - nodeSize(dims) : null);
      cursor += bytes;
    } else if (storage.kind === 'virtual') {
      const blob = encodeVirtualMapping(storage.sources, storage.shape);
      heapObject.set(node, blob);
      regionStart.set(node, cursor);
      indexAddress.set(node, cursor);
      cursor += globalHeapBytes([blob]);
    }
  }

  const headerAddress = new Map<ObjectNode, number>();
  const placeholder = (): number => 0;
  for (const node of nodes) {
    headerAddress.set(node, cursor);
    cursor += objectHeaderSize(messagesFor(node, placeholder, indexAddress));
  }

  const out = new ByteWriter(Math.max(1024, cursor - start));
  for (const node of nodes) {
    if (node.kind !== 'dataset') continue;
    const at = regionStart.get(node);
    const target = indexAddress.get(node);
    if (at === undefined || target === undefined || target === null) continue;
    expectPosition(out, start, at);
    if (node.storage.kind === 'chunked') {
      const root = writeChunkBtree(out, node.storage.table, chunkDims(node), at);
      if (root !== target) throw outputFailure(`internal layout error: B-tree root at ${root}, expected ${target}`);
    } else {
      writeGlobalHeap(out, [heapObject.get(node)!]);
    }
  }
  const addressOf = (node: ObjectNode): number => headerAddress.get(node)!;
  for (const node of nodes) {
    expectPosition(out, start, headerAddress.get(node)!);
    writeObjectHeader(out, messagesFor(node, addressOf, indexAddress));
  }
  expectPosition(out, start, cursor);
  return { bytes: out.view8(), rootAddress: headerAddress.get(root)! };
}

function expectPosition(out: ByteWriter, start: number, address: number): void {
  if (start + out.length !== address) {
    throw outputFailure(`internal layout error: at ${start + out.length}, expected ${address}`);
  }
}

/** Every object reachable by hard links, each once, parents before children. */
function collectObjects(root: GroupNode): ObjectNode[] {
  const seen = new Set<ObjectNode>([root]);
  const order: ObjectNode[] = [root];
  for (let i = 0; i < order.length; i++) {
    const node = order[i]!;
    if (node.kind !== 'group') continue;
    for (const link of node.links.values()) {
      if (link.kind === 'hard' && !seen.has(link.node)) {
        seen.add(link.node);
        order.push(link.node);
      }
    }
  }
  return order;
}

function chunkDims(node: DatasetNode): number[] {
  if (node.storage.kind !== 'chunked') return [];
  return [1, ...node.storage.frameShape, elementSize(node.type)];
}

function attributeMessages(node: ObjectNode): Message[] {
  if (node.attrs.size === 0) return [];
  const out = [attributeInfoMessage()];
  for (const [name, value] of node.attrs) out.push(attributeMessage(name, value));
  return out;
}

function messagesFor(
  node: ObjectNode,
  addressOf: (node: ObjectNode) => number,
  indexAddress: ReadonlyMap<DatasetNode, number | null>,
): Message[] {
  if (node.kind === 'group') {
    const messages = [linkInfoMessage(), groupInfoMessage(), ...attributeMessages(node)];
    for (const [name, link] of node.links) {
      if (link.kind === 'hard') messages.push(linkMessage(name, { kind: 'hard', address: addressOf(link.node) }));
      else messages.push(linkMessage(name, link));
    }
    return messages;
  }
  const storage = node.storage;
  const messages: Message[] = [];
  switch (storage.kind) {
    case 'contiguous':
      messages.push(
        dataspaceMessage(storage.shape),
        datatypeMessage(node.type),
        fillValueMessage('late', node.fill),
        contiguousLayoutMessage(storage.address, storage.size),
      );
      break;
    case 'chunked': {
      const shape = [storage.frameCount(), ...storage.frameShape];
      messages.push(
        dataspaceMessage(shape, [Infinity, ...storage.frameShape]),
        datatypeMessage(node.type),
        fillValueMessage('incremental', node.fill),
      );
      if (storage.filters.length > 0) messages.push(filterPipelineMessage(storage.filters));
      messages.push(chunkedLayoutMessage(indexAddress.get(node) ?? null, chunkDims(node)));
      break;
    }
    case 'virtual':
      messages.push(
        dataspaceMessage(storage.shape, storage.shape),
        datatypeMessage(node.type),
        fillValueMessage('late', node.fill),
        virtualLayoutMessage(indexAddress.get(node)!, 1),
      );
      break;
  }
  messages.push(...attributeMessages(node));
  return messages;
}
