/** Block partition rules of bitshuffle (FORMATS.md §2.2). */

/** Bitshuffle's default block: 8 KiB worth of elements, a multiple of 8, at least 128. */
export function defaultBlockElems(elemSize: number): number {
  const elems = Math.floor(8192 / elemSize / 8) * 8;
  return Math.max(elems, 128);
}

/** Elements in the block that starts with `left` elements remaining (0 when only the raw tail is left). */
export function blockElemsAt(left: number, blockElems: number): number {
  const count = Math.min(left, blockElems);
  return count - (count % 8);
}
