import { BeamstackError, ErrorCodes } from '@beamstack/contract';

/**
 * A frame selection written as users number images (1-based, inclusive), comma-separated:
 *   `5`          one frame          `1:900`    frames 1..900
 *   `100:`       100 to the end     `:50`      1..50
 *   `::10`       1, 11, 21, ...     `1:900:2`  1, 3, ..., 899
 *   `[3,7,9]`    a list
 * Frames keep the dataset's order (a stream cannot be reordered); repeats count once.
 */
export interface FrameSelection {
  /** 0-based indices, ascending, unique. */
  readonly indices: Uint32Array;
  /** True when the selection is one run with step 1. */
  readonly contiguous: boolean;
}

const MAX_LIST = 10_000_000;

export function parseFrameSpec(spec: string, frameCount: number, option = 'frames'): FrameSelection {
  const fail = (why: string): never => {
    throw new BeamstackError(ErrorCodes.OPTIONS, `frame selection '${spec}': ${why}`, { option });
  };
  const text = spec.replace(/\s+/g, '');
  if (text.length === 0) fail('is empty');
  const chosen = new Uint8Array(frameCount);
  for (const item of splitItems(text, fail)) {
    if (item.startsWith('[')) {
      if (!item.endsWith(']')) fail(`unclosed list '${item}'`);
      const inner = item.slice(1, -1);
      if (inner.length === 0) fail('empty list []');
      for (const n of inner.split(',')) mark(chosen, toImage(n, fail), spec, frameCount, fail);
      continue;
    }
    const parts = item.split(':');
    if (parts.length === 1) {
      mark(chosen, toImage(parts[0]!, fail), spec, frameCount, fail);
      continue;
    }
    if (parts.length > 3) fail(`'${item}' has more than start:stop:step`);
    const start = parts[0] === '' ? 1 : toImage(parts[0]!, fail);
    const stop = parts[1] === '' ? frameCount : toImage(parts[1]!, fail);
    const step = parts.length === 3 && parts[2] !== '' ? toImage(parts[2]!, fail) : 1;
    if (stop < start) fail(`'${item}' ends before it starts`);
    if (stop > frameCount) fail(`'${item}' reaches image ${stop}, but the dataset has ${frameCount} frames`);
    for (let image = start; image <= stop; image += step) chosen[image - 1] = 1;
  }
  let count = 0;
  for (const c of chosen) count += c;
  if (count === 0) fail('selects no frames');
  const indices = new Uint32Array(count);
  let k = 0;
  for (let i = 0; i < frameCount; i++) if (chosen[i]) indices[k++] = i;
  const contiguous = indices[count - 1]! - indices[0]! === count - 1;
  return { indices, contiguous };
}

function splitItems(text: string, fail: (why: string) => never): string[] {
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === ',' && depth === 0) {
      items.push(text.slice(start, i));
      start = i + 1;
    }
    if (depth < 0 || depth > 1) fail('brackets do not match');
  }
  items.push(text.slice(start));
  if (items.length > MAX_LIST) fail('has too many items');
  for (const item of items) if (item.length === 0) fail('has an empty item');
  return items;
}

function toImage(text: string, fail: (why: string) => never): number {
  if (!/^\d{1,10}$/.test(text)) fail(`'${text}' is not an image number (1, 2, 3, ...)`);
  const n = Number(text);
  if (n < 1) fail('image numbers start at 1');
  return n;
}

function mark(chosen: Uint8Array, image: number, spec: string, frameCount: number, fail: (why: string) => never): void {
  if (image > frameCount) fail(`image ${image} does not exist (the dataset has ${frameCount} frames)`);
  chosen[image - 1] = 1;
  void spec;
}
