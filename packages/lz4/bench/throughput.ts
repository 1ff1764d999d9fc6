/*
 * LZ4 block throughput (uncompressed bytes, median of 21) on a realistic Eiger 4M uint32 frame
 * (17.94 MB): its bit-shuffled 8 KiB blocks (what bslz4 feeds LZ4) and its raw bytes in 8 KiB
 * blocks. Plain Node on compiled JS, as the host's workers run it (vitest bench runs the same
 * code 20-60 % slower).
 *   npx tsc -p packages/lz4/bench && node packages/lz4/bench/dist/bench/throughput.js
 */
import { decodeBlock, encodeBlock, lz4CompressBound } from '../src/index.js';
import { eigerLikeFrame, shuffledBlocks } from '../test/data.js';
import { throughput } from './measure.js';

function rawBlocks(bytes: Uint8Array, size: number): Uint8Array[] {
  const blocks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) blocks.push(bytes.subarray(at, at + size));
  return blocks;
}

function measure(name: string, blocks: readonly Uint8Array[]): void {
  const dst = new Uint8Array(lz4CompressBound(8192));
  const encoded = blocks.map((block) => dst.slice(0, encodeBlock(block, dst)));
  const out = new Uint8Array(8192);
  const total = blocks.reduce((sum, block) => sum + block.length, 0);
  const packed = encoded.reduce((sum, block) => sum + block.length, 0);
  const encode = throughput(total, () => {
    for (const block of blocks) encodeBlock(block, dst);
  });
  const decode = throughput(total, () => {
    for (let i = 0; i < blocks.length; i++) decodeBlock(encoded[i]!, out.subarray(0, blocks[i]!.length));
  });
  console.log(
    `${name}: ${(total / 1e6).toFixed(2)} MB, ratio ${(total / packed).toFixed(2)}, ` +
      `encodeBlock ${encode.toFixed(0)} MB/s, decodeBlock ${decode.toFixed(0)} MB/s`,
  );
}

const frame = eigerLikeFrame();
const which = process.argv[2] ?? 'all';
if (which === 'all' || which === 'shuffled') measure('bit-shuffled 4M frame, 8 KiB blocks', shuffledBlocks(frame));
if (which === 'all' || which === 'raw') measure('raw 4M frame bytes, 8 KiB blocks', rawBlocks(new Uint8Array(frame.buffer), 8192));
