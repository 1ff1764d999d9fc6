/**
 * Seeded pseudo-random numbers. Every random choice in the simulation is derived from the seed
 * option and a purpose tag (and the frame index for per-frame noise), so any thread can re-create
 * exactly the same numbers without coordination.
 */

/** A bijective 32-bit mixer (the murmur3 finaliser constants): neighbouring inputs scatter. */
export function mix32(value: number): number {
  let x = value | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) | 0;
}

/** Hash of a list of 32-bit words, order-sensitive. */
export function hashWords(words: readonly number[]): number {
  let h = 0x2545f491;
  for (const word of words) h = mix32(h ^ mix32((word | 0) + 0x61c88647));
  return h;
}

/** Uniform in (0, 1) from a 32-bit word: never exactly 0 or 1, so logs and divisions are safe. */
export function unitFromWord(word: number): number {
  return ((word >>> 0) + 0.5) * 2.3283064365386963e-10;
}

/** The seed option split into two 32-bit words (seeds above 2^32 stay distinct). */
export function seedWords(seed: number): [number, number] {
  return [seed >>> 0, Math.floor(seed / 4294967296) | 0];
}

/**
 * xoshiro128** (Blackman and Vigna): 128 bits of state, 32-bit output, only int32 arithmetic, so
 * V8 keeps everything in registers. Hot loops copy the four state words into locals instead of
 * calling `nextInt32`.
 */
export class Xoshiro128 {
  s0: number;
  s1: number;
  s2: number;
  s3: number;

  /** Seeds the state from any list of words through a splitmix-style sequence (never all zero). */
  constructor(words: readonly number[]) {
    let h = hashWords(words);
    const next = (): number => {
      h = (h + 0x9e3779b9) | 0;
      return mix32(h);
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  nextInt32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in (0, 1). */
  nextUnit(): number {
    return unitFromWord(this.nextInt32());
  }

  /** Uniform in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.nextUnit();
  }

  /** Standard normal deviate (Box–Muller; one of the pair is discarded to keep the state simple). */
  normal(): number {
    const u = this.nextUnit();
    const v = this.nextUnit();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Integer in [0, count). */
  below(count: number): number {
    return Math.floor(this.nextUnit() * count);
  }
}

export function rotl(x: number, bits: number): number {
  return (x << bits) | (x >>> (32 - bits));
}

/** Purpose tags keep the random streams of different parts of the model independent. */
export const Streams = {
  mask: 1,
  hotPixels: 2,
  crystal: 3,
  reflection: 4,
  frameNoise: 5,
} as const;
