/*
 * Entry of bslz4.wasm (built by @beamstack/lz4's scripts/build-wasm.mjs, loaded by src/wasm-kernel.ts). The LZ4
 * code comes from @beamstack/lz4's AssemblyScript sources. The host owns the memory layout:
 * everything from heapBase() up is free for its buffers.
 */
export { encodeChunk, decodeChunk } from './chunk';
export { bitshuffle, bitunshuffle } from './transpose';
export {
  failedInput,
  failedOutput,
  failedValue,
  failedBlock,
  failedBlockInput,
  failedBlockOutput,
} from '@beamstack/lz4/assembly/status';

/** First free byte after the static data (the LZ4 encoder's hash table), 16-byte aligned. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}
