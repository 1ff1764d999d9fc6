/*
 * Entry of lz4.wasm (built by scripts/build-wasm.mjs, loaded by src/wasm/lz4-wasm.ts). The host
 * owns the memory layout: everything from heapBase() up is free for its buffers.
 */
export { encodeBlock } from './block-encode';
export { decodeBlock } from './block-decode';
export { encodeFramed, decodeFramed } from './framed';
export {
  failedInput,
  failedOutput,
  failedValue,
  failedBlock,
  failedBlockInput,
  failedBlockOutput,
} from './status';

/** First free byte after the static data (the encoder's hash table), 16-byte aligned. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}
