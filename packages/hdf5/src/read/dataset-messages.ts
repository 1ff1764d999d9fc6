import type { Hdf5Filter } from '@beamstack/contract';
import { malformed } from './errors.js';
import type { H5File } from './file.js';
import { parseDatatype, type Datatype } from './messages/datatype.js';
import { parseDataspace, type Dataspace } from './messages/dataspace.js';
import { parseFillValue, parseOldFillValue } from './messages/fill-value.js';
import { parseFilterPipeline } from './messages/filter-pipeline.js';
import { parseLayout, type Layout } from './messages/layout.js';
import { findMessage, MSG, MSG_FLAG_SHARED, type HeaderMessage, type ObjectHeader } from './object-header.js';
import { resolveShared } from './shared-messages.js';
import type { Hdf5Dtype } from './types.js';

/** Everything a dataset's object header says about its data, decoded once. */
export interface DatasetMessages {
  readonly space: Dataspace;
  readonly type: Datatype;
  readonly layout: Layout;
  readonly filters: Hdf5Filter[];
  readonly fillValue: Uint8Array | null;
}

export async function decodeDatasetMessages(file: H5File, header: ObjectHeader): Promise<DatasetMessages> {
  const required = (type: number, name: string) => {
    const m = findMessage(header, type);
    if (!m) throw malformed(file, `object ${header.address} has no ${name} message`);
    return m;
  };
  const body = (m: HeaderMessage): Promise<Uint8Array> => resolveShared(file, m.body, (m.flags & MSG_FLAG_SHARED) !== 0, m.type);
  const space = parseDataspace(file.cursor(await body(required(MSG.DATASPACE, 'dataspace')), 'dataspace message'));
  const type = parseDatatype(file.cursor(await body(required(MSG.DATATYPE, 'datatype')), 'datatype message'));
  const layout = parseLayout(file.cursor(required(MSG.LAYOUT, 'data layout').body, 'data layout message'));
  const pipeline = findMessage(header, MSG.FILTER_PIPELINE);
  const filters = pipeline ? parseFilterPipeline(file.cursor(await body(pipeline), 'filter pipeline message')) : [];
  const fill = findMessage(header, MSG.FILL_VALUE);
  const oldFill = findMessage(header, MSG.FILL_VALUE_OLD);
  let fillValue: Uint8Array | null = null;
  if (fill) fillValue = parseFillValue(file.cursor(await body(fill), 'fill value message'));
  else if (oldFill) fillValue = parseOldFillValue(file.cursor(oldFill.body, 'old fill value message'));
  if (layout.class === 'chunked' && layout.chunk.length !== space.shape.length) {
    throw malformed(file, `chunk rank ${layout.chunk.length} differs from dataset rank ${space.shape.length}`);
  }
  if (layout.class === 'chunked' && layout.elementSize !== type.size) {
    throw malformed(file, `chunk element size ${layout.elementSize} differs from the datatype size ${type.size}`);
  }
  return { space, type, layout, filters, fillValue };
}

export function publicDtype(t: Datatype): Hdf5Dtype {
  switch (t.class) {
    case 'fixed':
      return { class: t.signed ? 'int' : 'uint', size: t.size, littleEndian: t.littleEndian };
    case 'float':
      return { class: t.ieee ? 'float' : 'other', size: t.size, littleEndian: t.littleEndian };
    case 'string':
    case 'vlen-string':
      return { class: 'string', size: t.size, littleEndian: true };
    default:
      return { class: 'other', size: t.size, littleEndian: true };
  }
}
