import type { Cursor } from '../cursor.js';
import { Limits } from '../limits.js';

export interface Dataspace {
  /** 'null' holds no elements (h5py's Empty). */
  readonly kind: 'scalar' | 'simple' | 'null';
  readonly shape: readonly number[];
  /** null entries are unlimited. Equal to `shape` when the file stores no maximum. */
  readonly maxShape: readonly (number | null)[];
}

/** Dataspace message, versions 1 and 2. */
export function parseDataspace(c: Cursor): Dataspace {
  const version = c.u8();
  if (version !== 1 && version !== 2) c.fail(`unsupported dataspace version ${version}`);
  const rank = c.u8();
  const flags = c.u8();
  let kind: Dataspace['kind'];
  if (version === 1) {
    c.skip(5);
    kind = rank === 0 ? 'scalar' : 'simple';
  } else {
    const type = c.u8();
    if (type > 2) c.fail(`unknown dataspace type ${type}`);
    kind = type === 0 ? 'scalar' : type === 1 ? 'simple' : 'null';
  }
  if (rank > Limits.rank) c.fail(`rank ${rank} exceeds ${Limits.rank}`);
  const width = c.widths.lengthSize;
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) {
    const d = c.uint(width);
    if (!Number.isSafeInteger(d)) c.fail(`dimension ${i} is too large`);
    shape.push(d);
  }
  let maxShape: (number | null)[] = shape;
  if (flags & 0x01) {
    maxShape = [];
    for (let i = 0; i < rank; i++) {
      const m = c.dimension(width);
      if (m !== null && (!Number.isSafeInteger(m) || m < shape[i]!)) c.fail(`maximum dimension ${i} is smaller than the current size`);
      maxShape.push(m);
    }
  }
  if (kind !== 'simple') return { kind, shape: [], maxShape: [] };
  return { kind, shape, maxShape };
}

/** Element count of a dataspace (0 for null), bounded by Limits.valueElements for callers that allocate. */
export function elementCount(space: Dataspace): number {
  if (space.kind === 'null') return 0;
  let n = 1;
  for (const d of space.shape) n *= d;
  return n;
}
