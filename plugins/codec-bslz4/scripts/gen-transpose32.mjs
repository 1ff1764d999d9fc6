#!/usr/bin/env node
// Generates ../src/transpose32.ts: fully unrolled bit-matrix transposes over local variables.
// Unrolling matters: V8 keeps the 32 words in registers/stack slots, and the same transpose as a
// loop over a typed array ran 2.4x slower. Run: node scripts/gen-transpose32.mjs > src/transpose32.ts
const hex = (value) => '0x' + (value >>> 0).toString(16).padStart(8, '0');

/**
 * Butterfly stages of an LSB-first transpose of `words` words: for shift s (words/2 .. 1) swap
 * the high s bits of every s-bit pair of lanes in word k with the low ones in word k + s.
 * `firstMask` selects the low half of each 2s-bit lane for the first shift.
 */
function stages(words, firstMask, indent) {
  const out = [];
  let mask = firstMask;
  for (let s = words / 2; s > 0; s >>= 1) {
    for (let k = 0; k < words; k = (k + s + 1) & ~s) {
      out.push(`${indent}t = ((x${k} >>> ${s}) ^ x${k + s}) & ${hex(mask)}; x${k + s} ^= t; x${k} ^= t << ${s};`);
    }
    mask = (mask ^ (mask << (s >> 1))) >>> 0;
  }
  return out.join('\n');
}

const range = (n) => [...Array(n).keys()];
const I = '    ';

const kernels = [
  {
    name: 'shuffle32x4',
    doc: 'uint32-sized elements: 32 elements are a 32 x 32 bit matrix; word r of the transpose is row r.',
    args: 'elements: Uint32Array, rows: Uint32Array, rowWords: number',
    load: range(32).map((i) => `${I}let x${i} = elements[e + ${i}]! | 0;`),
    // Typical pixels are small counts: when all 32 fit in 16 bits, rows 16..31 are zero and one
    // 16 x 16 transpose per half (elements k and 16 + k packed in word k) yields rows 0..15.
    narrow: [
      `${I}if (((${range(32).map((i) => `x${i}`).join(' | ')}) >>> 16) === 0) {`,
      ...range(16).map((k) => `${I}  x${k} |= x${16 + k} << 16;`),
      stages(16, 0x00ff00ff, I + '  '),
      ...range(16).map((i) => `${I}  rows[${i} * rowWords + g] = x${i};`),
      ...range(16).map((i) => `${I}  rows[${16 + i} * rowWords + g] = 0;`),
      `${I}  continue;`,
      `${I}}`,
    ],
    body: stages(32, 0x0000ffff, I),
    store: range(32).map((i) => `${I}rows[${i} * rowWords + g] = x${i};`),
  },
  {
    name: 'unshuffle32x4',
    doc: 'Inverse of shuffle32x4 (the transpose is an involution).',
    args: 'rows: Uint32Array, elements: Uint32Array, rowWords: number',
    load: range(32).map((i) => `${I}let x${i} = rows[${i} * rowWords + g]! | 0;`),
    // Counts below 2^16 leave rows 16..31 empty: then a 16 x 16 transpose per half suffices.
    narrow: [
      `${I}if ((${range(16).map((i) => `x${16 + i}`).join(' | ')}) === 0) {`,
      stages(16, 0x00ff00ff, I + '  '),
      ...range(16).flatMap((k) => [`${I}  elements[e + ${k}] = x${k} & 0xffff;`, `${I}  elements[e + ${16 + k}] = x${k} >>> 16;`]),
      `${I}  continue;`,
      `${I}}`,
    ],
    body: stages(32, 0x0000ffff, I),
    store: range(32).map((i) => `${I}elements[e + ${i}] = x${i};`),
  },
  {
    name: 'shuffle32x2',
    doc: 'uint16-sized elements: elements k and 16 + k share word k (low/high half), so one 16 x 16\n * transpose per half yields the 16 rows of 32 bits.',
    args: 'elements: Uint16Array, rows: Uint32Array, rowWords: number',
    load: range(16).map((k) => `${I}let x${k} = elements[e + ${k}]! | (elements[e + ${16 + k}]! << 16);`),
    // All 32 below 256: rows 8..15 are zero; byte lane L of x{k} | x{8+k} << 8 is element 8L + k.
    narrow: [
      `${I}if (((${range(16).map((i) => `x${i}`).join(' | ')}) & 0xff00ff00) === 0) {`,
      ...range(8).map((k) => `${I}  x${k} |= x${8 + k} << 8;`),
      stages(8, 0x0f0f0f0f, I + '  '),
      ...range(8).map((i) => `${I}  rows[${i} * rowWords + g] = x${i};`),
      ...range(8).map((i) => `${I}  rows[${8 + i} * rowWords + g] = 0;`),
      `${I}  continue;`,
      `${I}}`,
    ],
    body: stages(16, 0x00ff00ff, I),
    store: range(16).map((i) => `${I}rows[${i} * rowWords + g] = x${i};`),
  },
  {
    name: 'unshuffle32x2',
    doc: 'Inverse of shuffle32x2.',
    args: 'rows: Uint32Array, elements: Uint16Array, rowWords: number',
    load: range(16).map((i) => `${I}let x${i} = rows[${i} * rowWords + g]! | 0;`),
    narrow: [
      `${I}if ((${range(8).map((i) => `x${8 + i}`).join(' | ')}) === 0) {`,
      stages(8, 0x0f0f0f0f, I + '  '),
      ...range(8).flatMap((k) => [0, 1, 2, 3].map((b) => `${I}  elements[e + ${8 * b + k}] = ${b ? `(x${k} >>> ${8 * b})` : `x${k}`} & 0xff;`)),
      `${I}  continue;`,
      `${I}}`,
    ],
    body: stages(16, 0x00ff00ff, I),
    store: range(16).flatMap((k) => [`${I}elements[e + ${k}] = x${k};`, `${I}elements[e + ${16 + k}] = x${k} >>> 16;`]),
  },
  {
    name: 'shuffle32x1',
    doc: 'byte-sized elements: byte lane L of word k holds element 8L + k; one 8 x 8 transpose per lane\n * yields the 8 rows of 32 bits.',
    args: 'elements: Uint8Array, rows: Uint32Array, rowWords: number',
    load: range(8).map(
      (k) =>
        `${I}let x${k} = elements[e + ${k}]! | (elements[e + ${8 + k}]! << 8) | (elements[e + ${16 + k}]! << 16) | (elements[e + ${24 + k}]! << 24);`,
    ),
    body: stages(8, 0x0f0f0f0f, I),
    store: range(8).map((i) => `${I}rows[${i} * rowWords + g] = x${i};`),
  },
  {
    name: 'unshuffle32x1',
    doc: 'Inverse of shuffle32x1.',
    args: 'rows: Uint32Array, elements: Uint8Array, rowWords: number',
    load: range(8).map((i) => `${I}let x${i} = rows[${i} * rowWords + g]! | 0;`),
    body: stages(8, 0x0f0f0f0f, I),
    store: range(8).flatMap((k) => [0, 1, 2, 3].map((b) => `${I}elements[e + ${8 * b + k}] = x${k}${b ? ` >>> ${8 * b}` : ''};`)),
  },
];

const parts = [
  '// GENERATED by scripts/gen-transpose32.mjs; do not edit by hand.',
  '/*',
  ' * Bitshuffle of 32 elements at a time with 32-bit row words (FORMATS.md §2.1). Output row',
  ' * r = 8j + k (bit k of byte j) of a block is `rowWords` = count / 32 words long; word g of row r',
  ' * holds bit r of elements 32g .. 32g + 31, LSB first. Requires count % 32 == 0, 4-byte aligned',
  ' * rows and a little-endian host (see transpose.ts, which dispatches).',
  ' */',
  '/* eslint-disable */',
];
for (const k of kernels) {
  const elementsPerGroup = 32;
  parts.push(
    '',
    `/** ${k.doc} */`,
    `export function ${k.name}(${k.args}): void {`,
    `  let t = 0;`,
    `  for (let g = 0; g < rowWords; g++) {`,
    `    const e = ${elementsPerGroup} * g;`,
    ...k.load,
    ...(k.narrow ?? []),
    k.body,
    ...k.store,
    `  }`,
    `}`,
  );
}
process.stdout.write(parts.join('\n') + '\n');
