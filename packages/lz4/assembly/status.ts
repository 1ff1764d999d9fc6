/*
 * Failure details of the last decode, read by the host after a negative return code. Decoders
 * never trap on bad input: they return -code and leave the details here, so the host can throw
 * the same typed error (with the same message) as the TypeScript decoder.
 */

/** Reason codes; the host maps them to Lz4DecodeReason strings (src/wasm/codes.ts). */
export const EMPTY_INPUT: i32 = 1;
export const TRUNCATED_LENGTH: i32 = 2;
export const LITERALS_PAST_INPUT: i32 = 3;
export const LITERALS_PAST_OUTPUT: i32 = 4;
export const TRUNCATED_OFFSET: i32 = 5;
export const ZERO_OFFSET: i32 = 6;
export const OFFSET_BEFORE_BLOCK_START: i32 = 7;
export const MATCH_PAST_OUTPUT: i32 = 8;
export const MISSING_LAST_LITERALS: i32 = 9;
export const OUTPUT_SIZE_MISMATCH: i32 = 10;
/** Framing of many blocks: fewer than 4 bytes left where a block length is due. */
export const TRUNCATED_BLOCK_LENGTH: i32 = 11;
/** Framing of many blocks: a block length runs past the input. */
export const BLOCK_PAST_INPUT: i32 = 12;

/** Input byte where the failure was detected (relative to the block for block decoders). */
export let failedInput: u32 = 0;
/** Output bytes produced before the failure (relative to the block). */
export let failedOutput: u32 = 0;
/** The offending length or offset (f64: literal lengths can exceed 2^32 on hostile input). */
export let failedValue: f64 = 0;
/** Index of the failing block in framed decoders. */
export let failedBlock: u32 = 0;
/** Start of the failing block in the framed input and output (0 for single blocks). */
export let failedBlockInput: u32 = 0;
export let failedBlockOutput: u32 = 0;

/** Records a failure and returns the negative code to propagate. */
export function fail(code: i32, input: u32, output: u32, value: f64): i32 {
  failedInput = input;
  failedOutput = output;
  failedValue = value;
  return -code;
}

export function setFailedBlock(index: u32, input: u32, output: u32): void {
  failedBlock = index;
  failedBlockInput = input;
  failedBlockOutput = output;
}
