/** Per-bit bitshuffle of one block (FORMATS.md §2.1); slow and obviously right. */
export function bitshuffleReference(bytes: Uint8Array, elemSize: number): Uint8Array {
  const n = bytes.length / elemSize;
  const rowBytes = n / 8;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < elemSize; j++) {
      const value = bytes[i * elemSize + j]!;
      if (value === 0) continue;
      for (let k = 0; k < 8; k++) {
        if ((value >>> k) & 1) out[(8 * j + k) * rowBytes + (i >>> 3)]! |= 1 << (i & 7);
      }
    }
  }
  return out;
}

/** The 8 KiB bit-shuffled blocks a bslz4 encoder hands to LZ4 for a uint32 frame. */
export function shuffledBlocks(frame: Uint32Array, blockElems = 2048): Uint8Array[] {
  const bytes = new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength);
  const blocks: Uint8Array[] = [];
  for (let start = 0; start + 8 <= frame.length; start += blockElems) {
    let count = Math.min(blockElems, frame.length - start);
    count -= count % 8;
    blocks.push(bitshuffleReference(bytes.subarray(start * 4, (start + count) * 4), 4));
  }
  return blocks;
}

/** Naive inverse of bitshuffleReference. */
export function bitunshuffleReference(bytes: Uint8Array, elemSize: number): Uint8Array {
  const n = bytes.length / elemSize;
  const rowBytes = n / 8;
  const out = new Uint8Array(bytes.length);
  for (let r = 0; r < 8 * elemSize; r++) {
    const j = r >>> 3;
    const k = r & 7;
    for (let i = 0; i < n; i++) {
      if ((bytes[r * rowBytes + (i >>> 3)]! >>> (i & 7)) & 1) out[i * elemSize + j]! |= 1 << k;
    }
  }
  return out;
}
