/*
 * Support for the wasm kernels of sibling packages that compile this package's AssemblyScript
 * LZ4 into their own module (the bslz4 codec): loading, the memory arena, and turning the
 * decoder's failure codes into the same Lz4DecodeError the TypeScript decoder throws.
 * Exported as '@beamstack/lz4/wasm-support'; not needed by ordinary users.
 */
export { SLACK, WASM_ARENA_LIMIT, WasmArena, align16, instantiateWasm, wasmDisabledByEnv, type WasmGlobal, type WasmMemory } from './arena.js';
export { failureState, reasonOf, type WasmFailureExports } from './codes.js';
export { lz4Failure, type FailurePoint } from '../error.js';
