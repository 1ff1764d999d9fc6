import { BeamstackError, ErrorCodes, type DatasetMeta } from '@beamstack/contract';
import { rectFromOption, type Rect } from './rect.js';
import { dminRect } from './resolution.js';

export interface RoiOptions {
  readonly rect?: readonly number[];
  readonly dmin?: number;
}

/** The rectangle the options choose on frames described by `meta` (exactly one of rect, dmin). */
export function regionFor(meta: DatasetMeta, options: RoiOptions): Rect {
  const hasRect = options.rect !== undefined;
  const hasDmin = options.dmin !== undefined;
  if (hasRect === hasDmin) {
    throw new BeamstackError(ErrorCodes.OPTIONS, 'give exactly one of rect ([x, y, width, height] in pixels) and dmin (Å)', { option: hasRect ? 'rect' : 'dmin' });
  }
  if (hasRect) return rectFromOption(options.rect!, meta.shape);
  const dmin = options.dmin!;
  if (!(dmin > 0) || !Number.isFinite(dmin)) throw new BeamstackError(ErrorCodes.OPTIONS, `dmin ${dmin} must be a number of Å > 0`, { option: 'dmin' });
  return dminRect(meta, dmin);
}

// apply() runs per frame in a worker with the same deserialized input description every time:
// work the rectangle out once per description (a pure function of it and the options).
const cache = new WeakMap<DatasetMeta, Map<string, Rect>>();

export function cachedRegionFor(meta: DatasetMeta, options: RoiOptions): Rect {
  let byOptions = cache.get(meta);
  if (!byOptions) {
    byOptions = new Map();
    cache.set(meta, byOptions);
  }
  const key = JSON.stringify([options.rect ?? null, options.dmin ?? null]);
  let rect = byOptions.get(key);
  if (!rect) {
    rect = regionFor(meta, options);
    byOptions.set(key, rect);
  }
  return rect;
}
