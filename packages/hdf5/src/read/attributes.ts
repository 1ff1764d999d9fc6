import { malformed } from './errors.js';
import type { H5File } from './file.js';
import { Limits } from './limits.js';
import { parseAttribute, parseAttributeInfo, type RawAttribute } from './messages/attribute.js';
import { parseDatatype } from './messages/datatype.js';
import { elementCount, parseDataspace } from './messages/dataspace.js';
import { findMessage, MSG, MSG_FLAG_SHARED, type ObjectHeader } from './object-header.js';
import { resolveShared } from './shared-messages.js';
import { BT2, walkBtreeV2 } from './structures/btree-v2.js';
import { FractalHeap } from './structures/fractal-heap.js';
import type { GlobalHeap } from './structures/global-heap.js';
import type { Hdf5ReadValue } from './types.js';
import { decodeValue, isDecodable } from './values.js';

/**
 * The attributes of an object, from header messages (compact) and the attribute fractal heap
 * (dense). Attributes whose type this reader cannot decode (compound, reference, opaque,
 * variable-length sequences) or that have a null dataspace are left out rather than failing the
 * whole set. Shared (committed or SOHM) parts are resolved.
 */
export async function readAttributes(file: H5File, heap: GlobalHeap, header: ObjectHeader): Promise<Record<string, Hdf5ReadValue>> {
  const raws: RawAttribute[] = [];
  for (const m of header.messages) {
    if (m.type !== MSG.ATTRIBUTE) continue;
    const body = await resolveShared(file, m.body, (m.flags & MSG_FLAG_SHARED) !== 0, MSG.ATTRIBUTE);
    raws.push(parseAttribute(file.cursor(body, `attribute message in object header ${header.address}`)));
  }
  const infoMessage = findMessage(header, MSG.ATTRIBUTE_INFO);
  if (infoMessage) {
    const info = parseAttributeInfo(file.cursor(infoMessage.body, 'attribute info message'));
    if (info.heapAddress !== null && info.nameIndexAddress !== null) {
      const fheap = await FractalHeap.open(file, info.heapAddress);
      const records: { id: Uint8Array; shared: boolean }[] = [];
      // Type-8 records: 8-byte heap ID, message flags, creation order, name hash.
      await walkBtreeV2(file, info.nameIndexAddress, BT2.ATTRIBUTE_NAMES, (record) => {
        if (records.length >= Limits.groupMembers) throw malformed(file, `object has more than ${Limits.groupMembers} attributes`);
        records.push({ id: record.subarray(0, 8), shared: (record[8]! & MSG_FLAG_SHARED) !== 0 });
      }, 17);
      for (const { id, shared } of records) {
        const stored = await fheap.object(id);
        const body = await resolveShared(file, stored, shared, MSG.ATTRIBUTE);
        raws.push(parseAttribute(file.cursor(body, `dense attribute in heap ${info.heapAddress}`)));
      }
    }
  }
  const out: Record<string, Hdf5ReadValue> = {};
  for (const raw of raws) {
    const value = await decodeAttribute(file, heap, raw);
    if (value !== undefined) out[raw.name] = value;
  }
  return out;
}

async function decodeAttribute(file: H5File, heap: GlobalHeap, raw: RawAttribute): Promise<Hdf5ReadValue | undefined> {
  const typeBytes = await resolveShared(file, raw.datatype, raw.datatypeShared, MSG.DATATYPE);
  const spaceBytes = await resolveShared(file, raw.dataspace, raw.dataspaceShared, MSG.DATASPACE);
  const what = `attribute "${raw.name}"`;
  const type = parseDatatype(file.cursor(typeBytes, `${what}: datatype`));
  const space = parseDataspace(file.cursor(spaceBytes, `${what}: dataspace`));
  if (space.kind === 'null' || !isDecodable(type)) return undefined;
  const count = elementCount(space);
  if (count > Limits.valueElements) throw malformed(file, `${what} has ${count} elements`);
  return decodeValue(file, heap, { type, count, scalar: space.kind === 'scalar', bytes: raw.data });
}
