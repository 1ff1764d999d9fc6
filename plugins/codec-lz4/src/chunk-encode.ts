import { lz4Kernel, type Lz4Kernel } from '@beamstack/lz4';
import { HEADER_BYTES, effectiveBlockBytes, writeHeader } from './layout.js';

/**
 * Encodes `data` as an HDF5 32004 LZ4 chunk (FORMATS.md §4): uint64 BE total, uint32 BE block
 * size (after clamping to the chunk), then per block a uint32 BE length and either an LZ4 block
 * or, when LZ4 does not shrink the block, the block's bytes raw (length = block size). An LZ4
 * block is therefore always shorter than its block, so it is never mistaken for a raw one.
 * `blockBytes` 0 means the filter default (1 GiB). `data` is only read; the result is a fresh,
 * exactly sized array.
 *
 * All blocks are encoded in one call of @beamstack/lz4's framed API (its wasm kernel when it
 * loaded), which leaves room for the header in front.
 */
export function encodeLz4Chunk(data: Uint8Array, blockBytes: number, kernel: Lz4Kernel = lz4Kernel): Uint8Array {
  const total = data.length;
  const block = effectiveBlockBytes(blockBytes, total);
  // An empty frame has no blocks: the header alone (block size 0, as the filter clamps it).
  const chunk =
    total === 0
      ? new Uint8Array(HEADER_BYTES)
      : kernel.encodeFramedBlocks(data, block, { storeRaw: true, prefixBytes: HEADER_BYTES });
  writeHeader(chunk, total, block);
  return chunk;
}
