import type { SeededRandom } from '@beamstack/testkit';

/**
 * Byte-level mutations of valid chunks. Each takes the bytes and returns new bytes (never
 * modifying its input) and, when `trace` is given, says what it did so a reproducer can tell.
 */
export type Mutation = (bytes: Uint8Array, rng: SeededRandom, context: MutationContext) => Uint8Array;

export interface MutationContext {
  /** Another valid chunk of the same codec, for splicing. */
  readonly other: () => Uint8Array;
  readonly trace: string[] | undefined;
}

/** Values that length and size fields are worst at: all ones, sign bits, just past 32 bits. */
const HUGE: readonly bigint[] = [0xffffffffn, 0x7fffffffn, 0x80000000n, 0xfffffff0n, 0x10000000n, 0x100000000n, 0xffffffffffffffffn, 0x7fffffffffffffffn, 0x8000000000000000n];

/** Offsets are biased to the start, where headers and first length fields live. */
function position(rng: SeededRandom, length: number): number {
  if (length === 0) return 0;
  return rng.chance(0.5) ? rng.int(Math.min(length, 32)) : rng.int(length);
}

const flipBits: Mutation = (bytes, rng, { trace }) => {
  const out = bytes.slice();
  if (out.length === 0) return out;
  const count = rng.range(1, 8);
  for (let k = 0; k < count; k++) {
    const at = position(rng, out.length);
    const bit = rng.int(8);
    out[at]! ^= 1 << bit;
    trace?.push(`flip bit ${bit} of byte ${at}`);
  }
  return out;
};

const setBytes: Mutation = (bytes, rng, { trace }) => {
  const out = bytes.slice();
  if (out.length === 0) return out;
  const count = rng.range(1, 4);
  for (let k = 0; k < count; k++) {
    const at = position(rng, out.length);
    const kind = rng.int(4);
    const value = kind === 0 ? 0 : kind === 1 ? 0xff : kind === 2 ? rng.int(256) : (out[at]! + (rng.chance(0.5) ? 1 : 255)) & 0xff;
    out[at] = value;
    trace?.push(`set byte ${at} to 0x${value.toString(16)}`);
  }
  return out;
};

const truncate: Mutation = (bytes, rng, { trace }) => {
  const cut = rng.chance(0.3) ? Math.max(0, bytes.length - rng.range(1, 8)) : rng.int(bytes.length);
  trace?.push(`truncate to ${cut} of ${bytes.length} bytes`);
  return bytes.slice(0, cut);
};

const extend: Mutation = (bytes, rng, { trace }) => {
  const extra = rng.chance(0.5) ? rng.bytes(rng.range(1, 64)) : bytes.slice(rng.int(bytes.length + 1));
  const out = new Uint8Array(bytes.length + extra.length);
  out.set(bytes);
  out.set(extra, bytes.length);
  trace?.push(`append ${extra.length} bytes`);
  return out;
};

const splice: Mutation = (bytes, rng, { other, trace }) => {
  const donor = other();
  const head = rng.int(bytes.length + 1);
  const from = rng.int(donor.length + 1);
  const out = new Uint8Array(head + donor.length - from);
  out.set(bytes.subarray(0, head));
  out.set(donor.subarray(from), head);
  trace?.push(`splice: first ${head} bytes + another chunk from byte ${from} (${donor.length} bytes)`);
  return out;
};

const lengthField: Mutation = (bytes, rng, { trace }) => {
  const out = bytes.slice();
  const width = rng.chance(0.5) ? 4 : 8;
  if (out.length < width) return out;
  let at = position(rng, out.length - width + 1);
  if (rng.chance(0.5)) at -= at % 4;
  const value = rng.chance(0.8) ? rng.pick(HUGE) : BigInt((rng.u32() | 0x80000000) >>> 0);
  const littleEndian = rng.chance(0.5);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  if (width === 4) view.setUint32(at, Number(value & 0xffffffffn), littleEndian);
  else view.setBigUint64(at, value, littleEndian);
  trace?.push(`write 0x${value.toString(16)} as ${width * 8}-bit ${littleEndian ? 'LE' : 'BE'} at byte ${at}`);
  return out;
};

const deleteRange: Mutation = (bytes, rng, { trace }) => {
  if (bytes.length < 2) return bytes.slice();
  const at = position(rng, bytes.length);
  const count = Math.min(bytes.length - at, rng.range(1, 16));
  const out = new Uint8Array(bytes.length - count);
  out.set(bytes.subarray(0, at));
  out.set(bytes.subarray(at + count), at);
  trace?.push(`delete ${count} bytes at ${at}`);
  return out;
};

const duplicateRange: Mutation = (bytes, rng, { trace }) => {
  if (bytes.length === 0) return bytes.slice();
  const at = position(rng, bytes.length);
  const count = Math.min(bytes.length - at, rng.range(1, 32));
  const out = new Uint8Array(bytes.length + count);
  out.set(bytes.subarray(0, at + count));
  out.set(bytes.subarray(at, at + count), at + count);
  out.set(bytes.subarray(at + count), at + 2 * count);
  trace?.push(`duplicate ${count} bytes at ${at}`);
  return out;
};

export const MUTATIONS: readonly Mutation[] = [flipBits, flipBits, setBytes, setBytes, truncate, extend, splice, lengthField, lengthField, deleteRange, duplicateRange];

/** One to three mutations in a row. */
export function mutate(bytes: Uint8Array, rng: SeededRandom, context: MutationContext): Uint8Array {
  let out = bytes;
  const rounds = rng.chance(0.6) ? 1 : rng.range(2, 3);
  for (let k = 0; k < rounds; k++) out = rng.pick(MUTATIONS)(out, rng, context);
  return out === bytes ? bytes.slice() : out;
}
