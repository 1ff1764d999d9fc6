import {
  SLACK,
  WasmArena,
  align16,
  failureState,
  instantiateWasm,
  lz4Failure,
  reasonOf,
  type WasmFailureExports,
  type WasmMemory,
} from '@beamstack/lz4/wasm-support';
import { Bslz4FormatError, allocateFrame, blockDecodeFailed, blockPastInput, tailMismatch, truncatedBlockLength } from './chunk-errors.js';
import { decodeBslz4ChunkToBufferTs, decodeBslz4ChunkTs, readBslz4Header } from './chunk-decode.js';
import { bslz4ChunkBound, checkBlockBytes, encodeBslz4ChunkTs } from './chunk-encode.js';
import { blockElemsAt } from './layout.js';
import { blockCount, bitshuffleBlock, bitunshuffleBlock } from './transpose.js';

/** The exports of assembly/index.ts. */
interface Bslz4Exports extends WasmFailureExports {
  readonly memory: WasmMemory;
  heapBase(): number;
  encodeChunk(src: number, elemCount: number, elemSize: number, blockElems: number, dst: number, scratch: number): number;
  decodeChunk(src: number, srcLength: number, elemSize: number, blockBytes: number, dst: number, elemCount: number, scratch: number): number;
  bitshuffle(src: number, dst: number, count: number, elemSize: number): void;
  bitunshuffle(src: number, dst: number, count: number, elemSize: number): void;
}

/* Failure codes of assembly/chunk.ts beyond the LZ4 block reasons (1..10). */
const TRUNCATED_BLOCK_LENGTH = 11;
const BLOCK_PAST_INPUT = 12;
const TAIL_MISMATCH = 13;

/**
 * bslz4 through bslz4.wasm: a whole chunk per call. The input is copied into the instance's
 * memory once, the work runs there (each block shuffled or decoded through a cache-sized scratch
 * buffer) and the result is copied out once, into a fresh array or the caller's buffer. Frames
 * too large for the arena use the TypeScript code.
 */
export class WasmBslz4 {
  private readonly arena: WasmArena;

  constructor(private readonly wasm: Bslz4Exports) {
    this.arena = new WasmArena(wasm.memory, wasm.heapBase());
  }

  encodeChunk(data: Uint8Array, elemSize: number, blockElems: number): Uint8Array<ArrayBuffer> {
    checkBlockBytes(blockElems, elemSize);
    const elemCount = data.length / elemSize;
    const input = this.arena.base;
    const scratch = align16(input + data.length + SLACK);
    const output = align16(scratch + Math.min(blockElems, elemCount) * elemSize + SLACK);
    const end = output + bslz4ChunkBound(elemCount, elemSize, blockElems) + SLACK;
    if (!this.arena.reserve(end - input)) return encodeBslz4ChunkTs(data, elemSize, blockElems);
    const memory = this.arena.bytes;
    memory.set(data, input);
    const written = this.wasm.encodeChunk(input, elemCount, elemSize, blockElems, output, scratch);
    return memory.slice(output, output + written);
  }

  decodeChunk(chunk: Uint8Array, elemSize: number, out: Uint8Array): void {
    const output = this.decodeInMemory(chunk, elemSize, out.length);
    if (output < 0) decodeBslz4ChunkTs(chunk, elemSize, out);
    else out.set(this.arena.bytes.subarray(output, output + out.length));
  }

  decodeChunkToBuffer(chunk: Uint8Array, elemSize: number, frameBytes: number): ArrayBuffer {
    const output = this.decodeInMemory(chunk, elemSize, frameBytes);
    if (output < 0) return decodeBslz4ChunkToBufferTs(chunk, elemSize, frameBytes);
    const buffer = allocateFrame(frameBytes);
    new Uint8Array(buffer).set(this.arena.bytes.subarray(output, output + frameBytes));
    return buffer;
  }

  /**
   * Decodes into the arena and returns where the frame is, or -1 when the frame does not fit the
   * arena (the caller then uses the TypeScript decoder). Throws Bslz4FormatError.
   */
  private decodeInMemory(chunk: Uint8Array, elemSize: number, frameBytes: number): number {
    const blockBytes = readBslz4Header(chunk, elemSize, frameBytes);
    const elemCount = frameBytes / elemSize;
    const blockElems = blockBytes / elemSize;
    const input = this.arena.base;
    const scratch = align16(input + chunk.length + SLACK);
    const output = align16(scratch + blockElemsAt(elemCount, blockElems) * elemSize + SLACK);
    if (!this.arena.reserve(output + frameBytes + SLACK - input)) return -1;
    this.arena.bytes.set(chunk, input);
    let result: number;
    try {
      result = this.wasm.decodeChunk(input, chunk.length, elemSize, blockBytes, output, elemCount, scratch);
    } catch (error) {
      // Safety net: the decoder returns codes and is not expected to trap.
      throw new Bslz4FormatError(`the wasm decoder trapped: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    if (result < 0) throw this.failure(result, chunk, elemSize, elemCount, blockElems);
    return output;
  }

  /** Rebuilds the error the TypeScript decoder throws for the same chunk. */
  private failure(code: number, chunk: Uint8Array, elemSize: number, elemCount: number, blockElems: number): Bslz4FormatError {
    const state = failureState(this.wasm);
    switch (-code) {
      case TRUNCATED_BLOCK_LENGTH:
        return truncatedBlockLength(state.block, state.input);
      case BLOCK_PAST_INPUT:
        return blockPastInput(state.block, state.value, chunk.length - state.input - 4, state.input);
      case TAIL_MISMATCH:
        return tailMismatch(state.value, state.input, (elemCount % 8) * elemSize);
    }
    // An LZ4 failure inside a block: the payload starts at blockInput, its length precedes it.
    const at = state.blockInput;
    const length = ((chunk[at - 4]! << 24) | (chunk[at - 3]! << 16) | (chunk[at - 2]! << 8) | chunk[at - 1]!) >>> 0;
    const blockBytes = blockElemsAt(elemCount - state.blockOutput / elemSize, blockElems) * elemSize;
    const cause = lz4Failure(reasonOf(code), state.value, {
      input: state.input,
      inputEnd: length,
      output: state.output,
      outputEnd: blockBytes,
    });
    return blockDecodeFailed(state.block, at, cause);
  }

  bitshuffle(src: Uint8Array, dst: Uint8Array, elemSize: number): void {
    this.transpose(src, dst, elemSize, false);
  }

  bitunshuffle(src: Uint8Array, dst: Uint8Array, elemSize: number): void {
    this.transpose(src, dst, elemSize, true);
  }

  private transpose(src: Uint8Array, dst: Uint8Array, elemSize: number, inverse: boolean): void {
    const count = blockCount(src, dst, elemSize);
    const input = this.arena.base;
    const output = align16(input + src.length + SLACK);
    if (!this.arena.reserve(output + dst.length + SLACK - input)) {
      (inverse ? bitunshuffleBlock : bitshuffleBlock)(src, dst, elemSize);
      return;
    }
    const memory = this.arena.bytes;
    memory.set(src, input);
    if (inverse) this.wasm.bitunshuffle(input, output, count, elemSize);
    else this.wasm.bitshuffle(input, output, count, elemSize);
    dst.set(memory.subarray(output, output + dst.length));
  }
}

/** bslz4.wasm, compiled from assembly/ by @beamstack/lz4's scripts/build-wasm.mjs and committed next to its source. */
export const BSLZ4_WASM_URL = new URL('../assembly/bslz4.wasm', import.meta.url);

function load(): WasmBslz4 | string {
  const exports = instantiateWasm(BSLZ4_WASM_URL);
  if (typeof exports === 'string') return exports;
  return new WasmBslz4(exports as unknown as Bslz4Exports);
}

const loaded = load();

/** This thread's wasm bslz4, or null (see wasmBslz4Unavailable). */
export const wasmBslz4: WasmBslz4 | null = typeof loaded === 'string' ? null : loaded;
/** Why wasmBslz4 is null ('' when it is available). */
export const wasmBslz4Unavailable: string = typeof loaded === 'string' ? loaded : '';

