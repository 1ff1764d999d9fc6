import { Buffer } from 'node:buffer';
import { dtypeOf, type PixelArray } from '@beamstack/contract';
import { UINT32_FLIP, workingDomain } from './domain.js';
import { encodeRun } from './encode-kernel.js';
import { encodeError } from './errors.js';
import { maxEncodedBytesPerValue } from './format.js';

/** Values per kernel call: the output has room for a whole block before each call. */
const BLOCK = 1 << 16;
/** Scratch larger than this (a pathological frame) is dropped after the call, not kept. */
const MAX_RETAINED_SCRATCH = 64 << 20;

/*
 * Module scratch, reused across calls (also by each worker thread separately): the output grows
 * to the largest payload seen, the block to BLOCK int32 words. Neither is ever returned.
 */
let scratch = new Uint8Array(0);
let blockWords: Int32Array | undefined;

function ensureCapacity(used: number, needed: number): Uint8Array {
  if (needed <= scratch.length) return scratch;
  const grown = new Uint8Array(Math.max(needed, scratch.length * 2));
  grown.set(scratch.subarray(0, used));
  scratch = grown;
  return grown;
}

function isPixelArray(value: unknown): value is PixelArray {
  return (
    value instanceof Int32Array ||
    value instanceof Uint32Array ||
    value instanceof Int16Array ||
    value instanceof Uint16Array ||
    value instanceof Int8Array ||
    value instanceof Uint8Array
  );
}

/**
 * pixels[first..last) as working values (see WorkingDomain) in the block scratch. 8/16-bit values
 * are widened by a native conversion; uint32 words are XORed with 2^31.
 */
function workingBlock(pixels: PixelArray, first: number, last: number): Int32Array {
  blockWords ??= new Int32Array(BLOCK);
  const block = blockWords;
  if (pixels instanceof Uint32Array) {
    // Read as int32 words: uint32 elements above 2^31 − 1 would otherwise be doubles.
    const words = new Int32Array(pixels.buffer, pixels.byteOffset + first * 4, last - first);
    for (let j = 0; j < words.length; j++) block[j] = words[j]! ^ UINT32_FLIP;
  } else {
    block.set(pixels.subarray(first, last));
  }
  return block;
}

/**
 * The x-CBF_BYTE_OFFSET payload of `pixels` (row-major), as a fresh, exactly sized array: the
 * bytes that follow the 0C 1A 04 D5 marker, without marker or padding. Deltas are exact (64-bit
 * semantics, FORMATS.md §8.2), so e.g. uint32 0 → 4294967295 uses the 64-bit form.
 */
export function encodeByteOffset(pixels: PixelArray): Uint8Array {
  if (!isPixelArray(pixels)) throw encodeError('pixels must be an 8-, 16- or 32-bit integer typed array');
  const dtype = dtypeOf(pixels);
  const count = pixels.length;
  const { start } = workingDomain(dtype);
  const perValue = maxEncodedBytesPerValue(dtype);
  // A typical frame needs about one byte per value; grow from there as blocks need it.
  let out = ensureCapacity(0, count + perValue * Math.min(count, BLOCK));
  let used = 0;
  let prev = start;
  for (let first = 0; first < count; first += BLOCK) {
    const last = Math.min(count, first + BLOCK);
    out = ensureCapacity(used, used + perValue * (last - first));
    if (pixels instanceof Int32Array) {
      used = encodeRun(pixels, first, last, prev, out, used);
      prev = pixels[last - 1]!;
    } else {
      const block = workingBlock(pixels, first, last);
      used = encodeRun(block, 0, last - first, prev, out, used);
      prev = block[last - first - 1]!;
    }
  }
  // A fresh copy without a zero fill first: the result is transferred to another thread.
  const result = Buffer.allocUnsafeSlow(used);
  result.set(out.subarray(0, used));
  if (scratch.length > MAX_RETAINED_SCRATCH) scratch = new Uint8Array(0);
  return new Uint8Array(result.buffer, result.byteOffset, used);
}
