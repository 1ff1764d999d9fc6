import { decodeBlock as decodeBlockTs } from './decode.js';
import { encodeBlock as encodeBlockTs } from './encode.js';
import {
  decodeFramedBlocksTs,
  encodeFramedBlocksTs,
  type EncodeFramedBlocksOptions,
  type FramedBlocksOptions,
} from './framed.js';
import { wasmLz4, wasmLz4Unavailable, type WasmLz4 } from './wasm/lz4-wasm.js';

/**
 * One implementation of the package's operations. Both kernels give identical bytes and
 * identical errors (reason, positions, message); the wasm one is faster.
 */
export interface Lz4Kernel {
  readonly name: 'wasm' | 'typescript';
  encodeBlock(src: Uint8Array, dst: Uint8Array): number;
  decodeBlock(src: Uint8Array, dst: Uint8Array): number;
  /** Returns a fresh array on its own ArrayBuffer (transferable). */
  encodeFramedBlocks(src: Uint8Array, blockBytes: number, options?: EncodeFramedBlocksOptions): Uint8Array<ArrayBuffer>;
  decodeFramedBlocks(src: Uint8Array, dst: Uint8Array, blockBytes: number, options?: FramedBlocksOptions): number;
}

export const typescriptLz4Kernel: Lz4Kernel = {
  name: 'typescript',
  encodeBlock: encodeBlockTs,
  decodeBlock: decodeBlockTs,
  encodeFramedBlocks: encodeFramedBlocksTs,
  decodeFramedBlocks: decodeFramedBlocksTs,
};

/** The WebAssembly SIMD kernel of this thread, or null (disabled or unsupported: see lz4WasmUnavailable). */
export const wasmLz4Kernel: Lz4Kernel | null = wasmLz4 === null ? null : wasmKernel(wasmLz4);

function wasmKernel(wasm: WasmLz4): Lz4Kernel {
  return {
    name: 'wasm',
    encodeBlock: (src, dst) => wasm.encodeBlock(src, dst),
    decodeBlock: (src, dst) => wasm.decodeBlock(src, dst),
    encodeFramedBlocks: (src, blockBytes, options) => wasm.encodeFramedBlocks(src, blockBytes, options),
    decodeFramedBlocks: (src, dst, blockBytes, options) => wasm.decodeFramedBlocks(src, dst, blockBytes, options),
  };
}

/** Why the wasm kernel is not in use ('' when it is). */
export const lz4WasmUnavailable: string = wasmLz4Unavailable;

/** The kernel behind the top-level functions: wasm when available, else TypeScript. */
export const lz4Kernel: Lz4Kernel = wasmLz4Kernel ?? typescriptLz4Kernel;
