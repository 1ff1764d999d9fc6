import { readFileSync } from 'node:fs';

/*
 * Shared support for our wasm kernels (this package's lz4.wasm and the bslz4 codec's module):
 * synchronous loading, so a kernel is ready as soon as its module is imported in any worker
 * thread, and a bounded, growable arena in the instance's memory for the call's buffers.
 */

const WASM_PAGE = 65_536;

/*
 * The slice of the WebAssembly JS API we use, typed here because the project's lib (ES2023, no
 * DOM) does not declare the WebAssembly global.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(deltaPages: number): number;
}

/** An exported wasm global (its value is a number for i32/f64). */
export interface WasmGlobal {
  readonly value: number;
}

interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => WasmInstance;
}

const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** Upper bound on one instance's memory: inputs that need more fall back to TypeScript. */
export const WASM_ARENA_LIMIT = 2 ** 31;

/** True when BEAMSTACK_NO_WASM=1 asks for the TypeScript kernels. */
export function wasmDisabledByEnv(): boolean {
  return process.env['BEAMSTACK_NO_WASM'] === '1';
}

/**
 * Compiles and instantiates a wasm file synchronously (no imports). Returns its exports, or
 * the reason it is unavailable (e.g. a runtime without WebAssembly SIMD rejects the module).
 */
export function instantiateWasm(url: URL): Record<string, unknown> | string {
  if (wasmDisabledByEnv()) return 'disabled by BEAMSTACK_NO_WASM=1';
  if (wasmApi === undefined) return 'this runtime has no WebAssembly';
  try {
    const module = new wasmApi.Module(readFileSync(url));
    return new wasmApi.Instance(module, {}).exports;
  } catch (error) {
    return `cannot load ${url.pathname}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * The instance's memory from `base` up, handed out per call. Grows in whole pages, never beyond
 * WASM_ARENA_LIMIT, and never shrinks (wasm memory cannot), so it stays at the largest frame
 * the thread has seen.
 */
export class WasmArena {
  private view: Uint8Array<ArrayBuffer>;

  constructor(
    private readonly memory: WasmMemory,
    readonly base: number,
  ) {
    this.view = new Uint8Array(memory.buffer);
  }

  /** Makes [base, base + bytes) addressable; false when that would pass the limit or growth fails. */
  reserve(bytes: number): boolean {
    const end = this.base + bytes;
    if (!Number.isSafeInteger(end) || end > WASM_ARENA_LIMIT) return false;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      try {
        this.memory.grow(Math.ceil((end - have) / WASM_PAGE));
      } catch {
        return false;
      }
    }
    return true;
  }

  /** A view of the whole memory (renewed after growth detaches the old buffer). */
  get bytes(): Uint8Array<ArrayBuffer> {
    if (this.view.buffer !== this.memory.buffer) this.view = new Uint8Array(this.memory.buffer);
    return this.view;
  }
}

/** Rounds up to a multiple of 16 (vector alignment). */
export function align16(n: number): number {
  return Math.ceil(n / 16) * 16;
}

/** Slack after each region: kernels read and write whole 16-byte vectors near the ends. */
export const SLACK = 16;
