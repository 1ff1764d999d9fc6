/** One parsed LZ4 sequence, for checking what an encoder emitted. */
export interface Sequence {
  readonly literalStart: number;
  readonly literals: number;
  /** 0 for the last (literal-only) sequence. */
  readonly offset: number;
  readonly matchLength: number;
  /** Output position where the match (if any) starts. */
  readonly matchAt: number;
}

/** Parses a well-formed block (throws on malformed input); used to check encoder rules. */
export function parseSequences(block: Uint8Array): Sequence[] {
  const sequences: Sequence[] = [];
  let ip = 0;
  let op = 0;
  for (;;) {
    const token = block[ip++];
    if (token === undefined) throw new Error('block ends without a literal-only sequence');
    let literals = token >>> 4;
    if (literals === 15) {
      let b: number;
      do {
        b = block[ip++]!;
        literals += b;
      } while (b === 255);
    }
    const literalStart = op;
    ip += literals;
    op += literals;
    if (ip === block.length) {
      if ((token & 15) !== 0) throw new Error('last sequence has a match length');
      sequences.push({ literalStart, literals, offset: 0, matchLength: 0, matchAt: op });
      return sequences;
    }
    const offset = block[ip]! | (block[ip + 1]! << 8);
    ip += 2;
    let matchLength = token & 15;
    if (matchLength === 15) {
      let b: number;
      do {
        b = block[ip++]!;
        matchLength += b;
      } while (b === 255);
    }
    matchLength += 4;
    sequences.push({ literalStart, literals, offset, matchLength, matchAt: op });
    op += matchLength;
  }
}
