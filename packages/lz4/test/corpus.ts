import { eigerLikeFrame, prng, randomBytes, shuffledBlocks } from '@beamstack/testkit/data';

/** Named inputs covering the byte patterns LZ4 sees: edge lengths, runs, text, noise, shuffled frames. */
export function lz4Corpus(): { name: string; data: Uint8Array }[] {
  const corpus: { name: string; data: Uint8Array }[] = [];
  for (let n = 0; n <= 20; n++) {
    corpus.push({ name: `random-${n}`, data: randomBytes(n, 100 + n) });
    corpus.push({ name: `zeros-${n}`, data: new Uint8Array(n) });
  }
  for (const n of [64, 255, 256, 270, 271, 1000, 8192, 65_535, 65_536, 70_000, 200_000]) {
    corpus.push({ name: `zeros-${n}`, data: new Uint8Array(n) });
    corpus.push({ name: `random-${n}`, data: randomBytes(n, n) });
    const pattern = new Uint8Array(n);
    for (let i = 0; i < n; i++) pattern[i] = (i % 7) * 31 + (i % 3);
    corpus.push({ name: `period7-${n}`, data: pattern });
  }
  const text = new TextEncoder().encode('AbcdefghijklmnopAbcdefghijk'.repeat(3) + 'AbcdefghijklmnopAbcdefghijk');
  corpus.push({ name: 'lz4js-issue12', data: new TextEncoder().encode('AbcdefghijklmnopAbcdefghijk') });
  corpus.push({ name: 'text-repeat', data: text });
  // Repeats just beyond the 65 535 offset limit must not be referenced.
  const far = randomBytes(140_000, 9);
  far.copyWithin(65_536 + 4, 0, 5_000);
  corpus.push({ name: 'repeat-at-65540', data: far });
  const next = prng(5);
  const sparse = new Uint8Array(50_000);
  for (let i = 0; i < sparse.length; i++) if (next() < 0.05) sparse[i] = (next() * 256) | 0;
  corpus.push({ name: 'sparse-5pct', data: sparse });
  const frame = eigerLikeFrame(514, 1030, 3);
  shuffledBlocks(frame).forEach((block, i) => {
    if (i % 7 === 0) corpus.push({ name: `shuffled-eiger-block-${i}`, data: block });
  });
  return corpus;
}
