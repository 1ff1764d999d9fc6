import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prng } from '@beamstack/testkit/data';
import { isLz4DecodeError, lz4CompressBound, type Lz4Kernel } from '../src/index.js';
import { LZ4_WASM_URL, WasmLz4 } from '../src/wasm/lz4-wasm.js';
import { instantiateWasm } from '../src/wasm/support.js';
import { lz4Corpus } from './corpus.js';
import { allKernels } from './kernels.js';

const [ts, wasm] = allKernels() as [Lz4Kernel, Lz4Kernel | undefined];

function encodeWith(kernel: Lz4Kernel, data: Uint8Array): Uint8Array {
  const dst = new Uint8Array(lz4CompressBound(data.length));
  return dst.slice(0, kernel.encodeBlock(data, dst));
}

/** What a decode did: the output, or the error's reason, positions and message. */
function outcome(run: () => unknown, out: Uint8Array): string {
  try {
    run();
    return `ok ${Buffer.from(out).toString('base64')}`;
  } catch (error) {
    if (!isLz4DecodeError(error)) throw error;
    return `${error.reason} ${error.inputPosition} ${error.outputPosition} ${error.block} ${error.message}`;
  }
}

describe.skipIf(wasm === undefined)('wasm and TypeScript kernels are interchangeable', () => {
  const other = wasm!;

  it('encode every corpus input and generated data to identical bytes', () => {
    for (const { name, data } of lz4Corpus()) {
      expect(Buffer.compare(encodeWith(other, data), encodeWith(ts, data)), name).toBe(0);
    }
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0, 1, 2, 3, 255), { maxLength: 5000 }), (values) => {
        const data = Uint8Array.from(values);
        expect(Buffer.compare(encodeWith(other, data), encodeWith(ts, data))).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('report identical errors (reason, positions, message) for damaged and random blocks', () => {
    const next = prng(21);
    const sources = lz4Corpus().filter((entry) => entry.data.length >= 16 && entry.data.length <= 70_000);
    let failures = 0;
    for (let trial = 0; trial < 1500; trial++) {
      const { data } = sources[trial % sources.length]!;
      const block = encodeWith(ts, data);
      if (trial % 3 === 0) {
        block[Math.floor(next() * block.length)]! ^= 1 << Math.floor(next() * 8);
      } else if (trial % 3 === 1) {
        const cut = Math.floor(next() * block.length);
        block.fill(0, cut);
      } else {
        for (let i = 0; i < 4; i++) block[Math.floor(next() * block.length)] = Math.floor(next() * 256);
      }
      const size = trial % 7 === 0 ? data.length + 3 : data.length;
      const a = new Uint8Array(size);
      const b = new Uint8Array(size);
      const expected = outcome(() => ts.decodeBlock(block, a), a);
      if (!expected.startsWith('ok')) failures++;
      expect(outcome(() => other.decodeBlock(block, b), b)).toBe(expected);
    }
    expect(failures).toBeGreaterThan(500);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.integer({ min: 0, max: 300 }), (block, size) => {
        const a = new Uint8Array(size);
        const b = new Uint8Array(size);
        expect(outcome(() => other.decodeBlock(block, b), b)).toBe(outcome(() => ts.decodeBlock(block, a), a));
      }),
      { numRuns: 1000 },
    );
  });

  it('report identical errors for endless length extensions (no u32 wrap in wasm)', () => {
    const block = new Uint8Array(1 << 20).fill(255);
    block[0] = 0xf0;
    block[block.length - 1] = 7; // the extension ends: 15 + 255 * (2^20 - 2) + 7 literals
    const a = new Uint8Array(100);
    const b = new Uint8Array(100);
    const expected = outcome(() => ts.decodeBlock(block, a), a);
    expect(expected).toMatch(/^literals-past-input/);
    expect(outcome(() => other.decodeBlock(block, b), b)).toBe(expected);
  });

  it('grow wasm memory for large inputs and keep working for small ones afterwards', () => {
    const big = new Uint8Array(40 << 20);
    for (let i = 0; i < big.length; i += 4099) big[i] = i & 255;
    const framed = other.encodeFramedBlocks(big, 1 << 16);
    expect(Buffer.compare(framed, ts.encodeFramedBlocks(big, 1 << 16))).toBe(0);
    const back = new Uint8Array(big.length);
    expect(other.decodeFramedBlocks(framed, back, 1 << 16)).toBe(framed.length);
    expect(Buffer.compare(back, big)).toBe(0);
    const small = Uint8Array.from([1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 4, 5]);
    expect(Buffer.compare(encodeWith(other, small), encodeWith(ts, small))).toBe(0);
  });

  it('return fresh arrays the caller owns (transferable), never views of wasm memory', () => {
    const data = new Uint8Array(30_000).map((_, i) => (i * 7) & 15);
    const framed = other.encodeFramedBlocks(data, 8192);
    expect(framed.byteOffset).toBe(0);
    expect(framed.buffer.byteLength).toBe(framed.length);
    const copy = framed.slice();
    other.encodeFramedBlocks(new Uint8Array(30_000).fill(9), 8192);
    expect(Buffer.compare(framed, copy)).toBe(0);
    // Wasm memory buffers cannot be transferred; a fresh ArrayBuffer can.
    const moved = structuredClone(framed.buffer, { transfer: [framed.buffer] });
    expect(framed.byteLength).toBe(0);
    expect(moved.byteLength).toBe(copy.length);
  });

  it('turns a trap of the wasm decoder into Lz4DecodeError "decoder-trap" (safety net)', () => {
    const exports = instantiateWasm(LZ4_WASM_URL);
    expect(typeof exports).toBe('object');
    const trap = () => {
      throw new Error('RuntimeError: memory access out of bounds');
    };
    const trapping = new WasmLz4({
      ...(exports as Record<string, unknown>),
      decodeBlock: trap,
      decodeFramed: trap,
    } as unknown as ConstructorParameters<typeof WasmLz4>[0]);
    const block = encodeWith(ts, new Uint8Array(100).fill(1));
    for (const run of [
      () => trapping.decodeBlock(block, new Uint8Array(100)),
      () => trapping.decodeFramedBlocks(new Uint8Array([0, 0, 0, 1, 0]), new Uint8Array(1), 8),
    ]) {
      const thrown = outcome(run, new Uint8Array(0));
      expect(thrown).toMatch(/^decoder-trap 0 0 .*the wasm decoder trapped: RuntimeError: memory access out of bounds/);
    }
  });
});
