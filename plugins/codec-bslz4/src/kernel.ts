import { decodeBlock, encodeBlock } from '@beamstack/lz4';
import { bitshuffleBlock, bitunshuffleBlock } from './transpose.js';

/**
 * The per-block compute kernels of bslz4, kept behind one small interface so a faster
 * implementation (a WebAssembly SIMD build) can replace the TypeScript one without touching the
 * chunk framing or its validation. All buffers are views of exactly the block's bytes.
 */
export interface Bslz4Kernel {
  readonly name: string;
  /** Bit-transposes `src.length / elemSize` elements (a multiple of 8) into `dst` (same length). */
  bitshuffle(src: Uint8Array, dst: Uint8Array, elemSize: number): void;
  /** Inverse of `bitshuffle`. */
  bitunshuffle(src: Uint8Array, dst: Uint8Array, elemSize: number): void;
  /** One raw LZ4 block; `dst` holds at least lz4CompressBound(src.length) bytes. Returns bytes written. */
  lz4Encode(src: Uint8Array, dst: Uint8Array): number;
  /** Strict: decodes to exactly `dst.length` bytes or throws Lz4DecodeError. */
  lz4Decode(src: Uint8Array, dst: Uint8Array): number;
}

export const typescriptKernel: Bslz4Kernel = {
  name: 'typescript',
  bitshuffle: bitshuffleBlock,
  bitunshuffle: bitunshuffleBlock,
  lz4Encode: encodeBlock,
  lz4Decode: decodeBlock,
};
