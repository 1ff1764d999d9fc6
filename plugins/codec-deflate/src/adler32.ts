const MOD_ADLER = 65521;
/** Bytes summed between reductions (zlib's NMAX): the sums stay below 2^32, exact and cheap. */
const RUN = 5552;

/** Adler-32 of `bytes` (RFC 1950 §8.2), as an unsigned 32-bit integer. */
export function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  const length = bytes.length;
  for (let start = 0; start < length; start += RUN) {
    const end = Math.min(start + RUN, length);
    for (let i = start; i < end; i++) {
      a += bytes[i]!;
      b += a;
    }
    a %= MOD_ADLER;
    b %= MOD_ADLER;
  }
  return ((b << 16) | a) >>> 0;
}
