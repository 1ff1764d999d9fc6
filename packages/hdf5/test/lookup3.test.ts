import { describe, expect, it } from 'vitest';
import { lookup3 } from '../src/lookup3.js';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('lookup3 (hashlittle)', () => {
  it('matches the published test values of the reference implementation', () => {
    expect(lookup3(new Uint8Array(0))).toBe(0xdeadbeef);
    expect(lookup3(text('Four score and seven years ago'), 0)).toBe(0x17770551);
    expect(lookup3(text('Four score and seven years ago'), 1)).toBe(0xcd628161);
  });

  it('matches checksums HDF5 wrote (superblock v2 of a DECTRIS Eiger2 data file, 44 bytes)', () => {
    const superblock = Uint8Array.from(
      Buffer.from('894844460d0a1a0a020808000000000000000000ffffffffffffffff4fd20000000000003000000000000000', 'hex'),
    );
    expect(lookup3(superblock)).toBe(0x15428152);
  });

  it('covers every tail length 0..12 past a full block without throwing and distinguishes them', () => {
    const seen = new Set<number>();
    for (let n = 12; n <= 25; n++) seen.add(lookup3(new Uint8Array(n).fill(7)));
    expect(seen.size).toBe(14);
  });
});
