/**
 * Where each chunk of a frame-chunked dataset went: parallel typed arrays indexed by frame, so
 * recording a chunk allocates nothing (the arrays double when an index beyond them arrives).
 * A size of 0 marks "not written" (stored chunks are never empty).
 */
export class ChunkTable {
  private addresses = new Float64Array(64);
  private sizes = new Uint32Array(64);
  private masks = new Uint32Array(64);
  private written = 0;
  private highest = -1;

  get count(): number {
    return this.written;
  }

  /** Largest index written, or −1. */
  get maxIndex(): number {
    return this.highest;
  }

  has(index: number): boolean {
    return index < this.sizes.length && this.sizes[index] !== 0;
  }

  set(index: number, address: number, size: number, filterMask: number): void {
    if (index >= this.sizes.length) this.grow(index + 1);
    this.addresses[index] = address;
    this.sizes[index] = size;
    this.masks[index] = filterMask;
    this.written++;
    if (index > this.highest) this.highest = index;
  }

  address(index: number): number {
    return this.addresses[index]!;
  }

  size(index: number): number {
    return this.sizes[index]!;
  }

  filterMask(index: number): number {
    return this.masks[index]!;
  }

  private grow(min: number): void {
    let cap = this.sizes.length * 2;
    while (cap < min) cap *= 2;
    const a = new Float64Array(cap);
    a.set(this.addresses);
    const s = new Uint32Array(cap);
    s.set(this.sizes);
    const m = new Uint32Array(cap);
    m.set(this.masks);
    this.addresses = a;
    this.sizes = s;
    this.masks = m;
  }
}
