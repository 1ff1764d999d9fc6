import { decodeBslz4ChunkToBufferTs, decodeBslz4ChunkTs } from './chunk-decode.js';
import { encodeBslz4ChunkTs } from './chunk-encode.js';
import { bitshuffleBlock, bitunshuffleBlock } from './transpose.js';
import { wasmBslz4, wasmBslz4Unavailable, type WasmBslz4 } from './wasm-kernel.js';

/**
 * The compute behind the codec, kept behind one small interface so the chunk framing rules and
 * the stage do not depend on how the work is done. Both kernels give identical chunks and throw
 * identical errors (Bslz4FormatError, same messages); the wasm one is faster.
 */
export interface Bslz4Kernel {
  readonly name: 'wasm' | 'typescript';
  /** Encodes `data` (elemSize-byte elements) as a whole 32008 chunk; returns a fresh, exactly sized array. */
  encodeChunk(data: Uint8Array, elemSize: number, blockElems: number): Uint8Array<ArrayBuffer>;
  /** Decodes a whole chunk into `out` (exactly the frame's bytes); throws Bslz4FormatError. */
  decodeChunk(chunk: Uint8Array, elemSize: number, out: Uint8Array): void;
  /**
   * Decodes a whole chunk into a fresh ArrayBuffer of `frameBytes`, allocated only once the
   * header checks out. Throws Bslz4FormatError, or Bslz4AllocationError when it cannot allocate.
   */
  decodeChunkToBuffer(chunk: Uint8Array, elemSize: number, frameBytes: number): ArrayBuffer;
  /** Bit-transposes one block of `src.length / elemSize` elements (a multiple of 8) into `dst`. */
  bitshuffle(src: Uint8Array, dst: Uint8Array, elemSize: number): void;
  /** Inverse of `bitshuffle`. */
  bitunshuffle(src: Uint8Array, dst: Uint8Array, elemSize: number): void;
}

export const typescriptKernel: Bslz4Kernel = {
  name: 'typescript',
  encodeChunk: encodeBslz4ChunkTs,
  decodeChunk: decodeBslz4ChunkTs,
  decodeChunkToBuffer: decodeBslz4ChunkToBufferTs,
  bitshuffle: bitshuffleBlock,
  bitunshuffle: bitunshuffleBlock,
};

function wasmKernelOf(wasm: WasmBslz4): Bslz4Kernel {
  return {
    name: 'wasm',
    encodeChunk: (data, elemSize, blockElems) => wasm.encodeChunk(data, elemSize, blockElems),
    decodeChunk: (chunk, elemSize, out) => wasm.decodeChunk(chunk, elemSize, out),
    decodeChunkToBuffer: (chunk, elemSize, frameBytes) => wasm.decodeChunkToBuffer(chunk, elemSize, frameBytes),
    bitshuffle: (src, dst, elemSize) => wasm.bitshuffle(src, dst, elemSize),
    bitunshuffle: (src, dst, elemSize) => wasm.bitunshuffle(src, dst, elemSize),
  };
}

/** The WebAssembly SIMD kernel of this thread, or null (disabled or unsupported: see bslz4WasmUnavailable). */
export const wasmKernel: Bslz4Kernel | null = wasmBslz4 === null ? null : wasmKernelOf(wasmBslz4);

/** Why the wasm kernel is not in use ('' when it is). */
export const bslz4WasmUnavailable: string = wasmBslz4Unavailable;

/** The kernel the codec uses: wasm when available, else TypeScript (BEAMSTACK_NO_WASM=1 forces it). */
export const bslz4Kernel: Bslz4Kernel = wasmKernel ?? typescriptKernel;

/** Encodes an HDF5 32008 bslz4 chunk (FORMATS.md §3.2) with `kernel` (default: the active one). */
export function encodeBslz4Chunk(
  data: Uint8Array,
  elemSize: number,
  blockElems: number,
  kernel: Bslz4Kernel = bslz4Kernel,
): Uint8Array<ArrayBuffer> {
  return kernel.encodeChunk(data, elemSize, blockElems);
}

/**
 * Strictly decodes an HDF5 32008 bslz4 chunk into `out`, whose length is the frame's exact byte
 * count (from its shape and dtype, never from the chunk). Throws Bslz4FormatError.
 */
export function decodeBslz4Chunk(chunk: Uint8Array, elemSize: number, out: Uint8Array, kernel: Bslz4Kernel = bslz4Kernel): void {
  kernel.decodeChunk(chunk, elemSize, out);
}
