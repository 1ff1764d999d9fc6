import { decodeBlock as decodeBlockTs } from '../decode.js';
import { encodeBlock as encodeBlockTs } from '../encode.js';
import { decoderTrap, inFramedBlock, lz4Failure, type Lz4DecodeError } from '../error.js';
import {
  checkBlockBytes,
  checkPrefixBytes,
  decodeFramedBlocksTs,
  encodeFramedBlocksTs,
  framedBlocksBound,
  type EncodeFramedBlocksOptions,
  type FramedBlocksOptions,
} from '../framed.js';
import { lz4CompressBound } from '../limits.js';
import { SLACK, WasmArena, align16, instantiateWasm, type WasmMemory } from './arena.js';
import { LAST_BLOCK_CODE, failureState, reasonOf, type WasmFailureExports } from './codes.js';

/** The exports of assembly/index.ts. */
interface Lz4Exports extends WasmFailureExports {
  readonly memory: WasmMemory;
  heapBase(): number;
  encodeBlock(src: number, length: number, dst: number): number;
  decodeBlock(src: number, srcLength: number, dst: number, dstLength: number): number;
  encodeFramed(src: number, length: number, blockBytes: number, dst: number, storeRaw: number): number;
  decodeFramed(src: number, srcLength: number, dst: number, dstLength: number, blockBytes: number, storeRaw: number): number;
}

/**
 * LZ4 through lz4.wasm: each call copies its input into the instance's memory, runs there and
 * copies the result out (one copy each way). Results are fresh arrays or the caller's own
 * buffers, never views of wasm memory. Inputs too large for the arena use the TypeScript code.
 */
export class WasmLz4 {
  private readonly arena: WasmArena;

  constructor(private readonly wasm: Lz4Exports) {
    this.arena = new WasmArena(wasm.memory, wasm.heapBase());
  }

  encodeBlock(src: Uint8Array, dst: Uint8Array): number {
    const bound = lz4CompressBound(src.length);
    if (dst.length < bound) {
      throw new RangeError(`encodeBlock: destination holds ${dst.length} bytes, needs lz4CompressBound(${src.length}) = ${bound}`);
    }
    const input = this.arena.base;
    const output = align16(input + src.length + SLACK);
    if (!this.arena.reserve(output + bound + SLACK - input)) return encodeBlockTs(src, dst);
    const memory = this.arena.bytes;
    memory.set(src, input);
    const written = this.wasm.encodeBlock(input, src.length, output);
    dst.set(memory.subarray(output, output + written));
    return written;
  }

  decodeBlock(src: Uint8Array, dst: Uint8Array): number {
    const input = this.arena.base;
    const output = align16(input + src.length + SLACK);
    if (!this.arena.reserve(output + dst.length + SLACK - input)) return decodeBlockTs(src, dst);
    const memory = this.arena.bytes;
    memory.set(src, input);
    let result: number;
    try {
      result = this.wasm.decodeBlock(input, src.length, output, dst.length);
    } catch (error) {
      throw decoderTrap(error);
    }
    if (result < 0) {
      const state = failureState(this.wasm);
      throw lz4Failure(reasonOf(result), state.value, {
        input: state.input,
        inputEnd: src.length,
        output: state.output,
        outputEnd: dst.length,
      });
    }
    dst.set(memory.subarray(output, output + dst.length));
    return dst.length;
  }

  encodeFramedBlocks(src: Uint8Array, blockBytes: number, options: EncodeFramedBlocksOptions = {}): Uint8Array<ArrayBuffer> {
    const prefix = options.prefixBytes ?? 0;
    checkPrefixBytes(prefix);
    const bound = framedBlocksBound(src.length, blockBytes);
    const input = this.arena.base;
    const output = align16(input + src.length + SLACK);
    if (!this.arena.reserve(output + bound + SLACK - input)) return encodeFramedBlocksTs(src, blockBytes, options);
    const memory = this.arena.bytes;
    memory.set(src, input);
    const written = this.wasm.encodeFramed(input, src.length, blockBytes, output, options.storeRaw === true ? 1 : 0);
    if (prefix === 0) return memory.slice(output, output + written);
    const result = new Uint8Array(prefix + written);
    result.set(memory.subarray(output, output + written), prefix);
    return result;
  }

  decodeFramedBlocks(src: Uint8Array, dst: Uint8Array, blockBytes: number, options: FramedBlocksOptions = {}): number {
    checkBlockBytes(blockBytes);
    const input = this.arena.base;
    const output = align16(input + src.length + SLACK);
    if (!this.arena.reserve(output + dst.length + SLACK - input)) return decodeFramedBlocksTs(src, dst, blockBytes, options);
    const memory = this.arena.bytes;
    memory.set(src, input);
    const storeRaw = options.storeRaw === true ? 1 : 0;
    let result: number;
    try {
      result = this.wasm.decodeFramed(input, src.length, output, dst.length, blockBytes, storeRaw);
    } catch (error) {
      throw decoderTrap(error);
    }
    if (result < 0) throw this.framedFailure(result, src, dst.length, blockBytes);
    dst.set(memory.subarray(output, output + dst.length));
    return result;
  }

  private framedFailure(code: number, src: Uint8Array, outEnd: number, blockBytes: number): Lz4DecodeError {
    const state = failureState(this.wasm);
    const reason = reasonOf(code);
    if (-code > LAST_BLOCK_CODE) {
      const framing = lz4Failure(reason, state.value, { input: state.input, inputEnd: src.length, output: state.output, outputEnd: outEnd });
      return inFramedBlock(framing, state.block, 0, 0);
    }
    // A failure inside one block: positions are relative to its payload.
    const at = state.blockInput;
    const length = ((src[at]! << 24) | (src[at + 1]! << 16) | (src[at + 2]! << 8) | src[at + 3]!) >>> 0;
    const size = Math.min(blockBytes, outEnd - state.blockOutput);
    const inner = lz4Failure(reason, state.value, { input: state.input, inputEnd: length, output: state.output, outputEnd: size });
    return inFramedBlock(inner, state.block, at + 4, state.blockOutput);
  }
}

/** lz4.wasm, compiled from assembly/ by scripts/build-wasm.mjs and committed next to its source. */
export const LZ4_WASM_URL = new URL('../../assembly/lz4.wasm', import.meta.url);

function load(): WasmLz4 | string {
  const exports = instantiateWasm(LZ4_WASM_URL);
  if (typeof exports === 'string') return exports;
  return new WasmLz4(exports as unknown as Lz4Exports);
}

const loaded = load();

/** The wasm LZ4 of this thread, or null (see wasmLz4Unavailable). */
export const wasmLz4: WasmLz4 | null = typeof loaded === 'string' ? null : loaded;
/** Why wasmLz4 is null ('' when it is available). */
export const wasmLz4Unavailable: string = typeof loaded === 'string' ? loaded : '';
