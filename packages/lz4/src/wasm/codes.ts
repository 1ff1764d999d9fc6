import type { Lz4DecodeReason } from '../error.js';
import type { WasmGlobal } from './arena.js';

/** Reason for each negative return code of the wasm decoders (assembly/status.ts). */
export const REASON_BY_CODE: readonly (Lz4DecodeReason | undefined)[] = [
  undefined,
  'empty-input',
  'truncated-length',
  'literals-past-input',
  'literals-past-output',
  'truncated-offset',
  'zero-offset',
  'offset-before-block-start',
  'match-past-output',
  'missing-last-literals',
  'output-size-mismatch',
  'truncated-block-length',
  'block-past-input',
];

/** Codes above this are framing failures with absolute positions. */
export const LAST_BLOCK_CODE = 10;

export function reasonOf(code: number): Lz4DecodeReason {
  const reason = REASON_BY_CODE[-code];
  if (reason === undefined) throw new Error(`wasm LZ4 decoder returned unknown code ${code}`);
  return reason;
}

/** The failure globals every wasm decoder exports (assembly/status.ts). */
export interface WasmFailureExports {
  readonly failedInput: WasmGlobal;
  readonly failedOutput: WasmGlobal;
  readonly failedValue: WasmGlobal;
  readonly failedBlock: WasmGlobal;
  readonly failedBlockInput: WasmGlobal;
  readonly failedBlockOutput: WasmGlobal;
}

/** Reads the failure globals as unsigned numbers. */
export function failureState(exports: WasmFailureExports) {
  return {
    input: (exports.failedInput.value as number) >>> 0,
    output: (exports.failedOutput.value as number) >>> 0,
    value: exports.failedValue.value as number,
    block: (exports.failedBlock.value as number) >>> 0,
    blockInput: (exports.failedBlockInput.value as number) >>> 0,
    blockOutput: (exports.failedBlockOutput.value as number) >>> 0,
  };
}
