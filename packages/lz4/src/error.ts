/** Why a block was rejected; stable strings that callers may match on. */
export type Lz4DecodeReason =
  | 'empty-input'
  | 'truncated-length'
  | 'literals-past-input'
  | 'literals-past-output'
  | 'truncated-offset'
  | 'zero-offset'
  | 'offset-before-block-start'
  | 'match-past-output'
  | 'missing-last-literals'
  | 'output-size-mismatch'
  // Framed blocks (decodeFramedBlocks) only:
  | 'truncated-block-length'
  | 'block-past-input'
  // Safety net: the wasm decoder returns codes and is not expected to trap; if it ever does,
  // the trap is reported as this reason instead of escaping as a WebAssembly.RuntimeError.
  | 'decoder-trap';

/**
 * Thrown by `decodeBlock` and `decodeFramedBlocks` for malformed input. It is deliberately not
 * a BeamstackError: this package has no framework dependency, and the codec plugins wrap it
 * with their own context.
 */
export class Lz4DecodeError extends Error {
  override readonly name = 'Lz4DecodeError';
  readonly reason: Lz4DecodeReason;
  /** What is wrong, without the positions (e.g. "300 literals but 12 input bytes left"). */
  readonly detail: string;
  /** Byte offset in the compressed input where the problem was detected. */
  readonly inputPosition: number;
  /** Bytes of output produced before the problem was detected. */
  readonly outputPosition: number;
  /** Index of the failing block (framed decoding only). */
  readonly block: number | undefined;

  constructor(reason: Lz4DecodeReason, detail: string, inputPosition: number, outputPosition: number, block?: number) {
    const where = block === undefined ? 'LZ4 block' : `LZ4 block ${block}`;
    super(`${where} ${reason}: ${detail} (input byte ${inputPosition}, output byte ${outputPosition})`);
    this.reason = reason;
    this.detail = detail;
    this.inputPosition = inputPosition;
    this.outputPosition = outputPosition;
    this.block = block;
  }
}

export function isLz4DecodeError(value: unknown): value is Lz4DecodeError {
  return value instanceof Lz4DecodeError;
}

/** Positions and limits at a failure, for the message. */
export interface FailurePoint {
  /** Input position, relative to the block. */
  readonly input: number;
  readonly inputEnd: number;
  /** Output position, relative to the block. */
  readonly output: number;
  readonly outputEnd: number;
}

/**
 * The error for a failure found by either decoder (TypeScript or wasm): both report a reason,
 * the offending length or offset (`value`) and where they stopped, so the messages are equal.
 */
export function lz4Failure(reason: Lz4DecodeReason, value: number, at: FailurePoint): Lz4DecodeError {
  const inputLeft = at.inputEnd - at.input;
  const outputLeft = at.outputEnd - at.output;
  let detail: string;
  switch (reason) {
    case 'empty-input':
      detail = 'a block has at least one token byte';
      break;
    case 'truncated-length':
      detail = 'a length extension runs past the input';
      break;
    case 'literals-past-input':
      detail = `${value} literals but ${inputLeft} input bytes left`;
      break;
    case 'literals-past-output':
      detail = `${value} literals but ${outputLeft} output bytes left`;
      break;
    case 'truncated-offset':
      detail = 'match offset runs past the input';
      break;
    case 'zero-offset':
      detail = 'match offset 0';
      break;
    case 'offset-before-block-start':
      detail = `offset ${value} but only ${at.output} bytes decoded`;
      break;
    case 'match-past-output':
      detail = `match of ${value} but ${outputLeft} output bytes left`;
      break;
    case 'missing-last-literals':
      detail = 'input ended after a match; expected a final literal sequence';
      break;
    case 'output-size-mismatch':
      detail = `block decodes to ${at.output} bytes, expected ${at.outputEnd}`;
      break;
    case 'truncated-block-length':
      detail = `${inputLeft} bytes left where a 4-byte block length is due`;
      break;
    case 'block-past-input':
      detail = `block length ${value} but ${inputLeft - 4} input bytes left`;
      break;
    case 'decoder-trap':
      detail = 'the wasm decoder trapped';
      break;
  }
  return new Lz4DecodeError(reason, detail, at.input, at.output);
}

/** The same failure inside block `block` of a framed input, with absolute positions. */
export function inFramedBlock(error: Lz4DecodeError, block: number, inputStart: number, outputStart: number): Lz4DecodeError {
  return new Lz4DecodeError(
    error.reason,
    error.detail,
    inputStart + error.inputPosition,
    outputStart + error.outputPosition,
    block,
  );
}

/** A trap (or any exception) out of a wasm decoder, as a typed error. */
export function decoderTrap(cause: unknown): Lz4DecodeError {
  const message = cause instanceof Error ? cause.message : String(cause);
  return new Lz4DecodeError('decoder-trap', `the wasm decoder trapped: ${message}`, 0, 0);
}
