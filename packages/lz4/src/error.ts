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
  | 'output-size-mismatch';

/**
 * Thrown by `decodeBlock` for malformed input. It is deliberately not a BeamstackError: this
 * package has no framework dependency, and the codec plugins wrap it with their own context.
 */
export class Lz4DecodeError extends Error {
  override readonly name = 'Lz4DecodeError';
  readonly reason: Lz4DecodeReason;
  /** Byte offset in the compressed input where the problem was detected. */
  readonly inputPosition: number;
  /** Bytes of output produced before the problem was detected. */
  readonly outputPosition: number;

  constructor(reason: Lz4DecodeReason, detail: string, inputPosition: number, outputPosition: number) {
    super(`LZ4 block ${reason}: ${detail} (input byte ${inputPosition}, output byte ${outputPosition})`);
    this.reason = reason;
    this.inputPosition = inputPosition;
    this.outputPosition = outputPosition;
  }
}

export function isLz4DecodeError(value: unknown): value is Lz4DecodeError {
  return value instanceof Lz4DecodeError;
}
