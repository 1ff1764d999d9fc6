import { describe, expect, it } from 'vitest';
import { ErrorCodes, isBeamstackError } from '@beamstack/contract';
import { ByteWriter } from '../src/bytes.js';
import { lookup3 } from '../src/lookup3.js';
import { encodeVirtualMapping } from '../src/virtual.js';
import { Cursor } from '../src/read/cursor.js';
import { parseDataspace } from '../src/read/messages/dataspace.js';
import { parseDatatype } from '../src/read/messages/datatype.js';
import { parseFillValue, parseOldFillValue } from '../src/read/messages/fill-value.js';
import { parseFilterPipeline } from '../src/read/messages/filter-pipeline.js';
import { parseLayout } from '../src/read/messages/layout.js';
import { parseLink } from '../src/read/messages/link.js';
import { decodeVirtualMapping } from '../src/read/virtual.js';

/**
 * Message encodings that HDF5 1.10 (and so h5py) no longer writes, and edge cases of the ones
 * it does, decoded from bytes built here from the format specification.
 */
const ctx = { file: 'unit.h5' };
const widths = { offsetSize: 8, lengthSize: 8 };
const cursor = (w: ByteWriter | Uint8Array): Cursor => new Cursor(w instanceof ByteWriter ? w.view8() : w, ctx, 'test message', widths);
const ONES = 0xffff_ffff_ffff_ffffn;

function expectInput(fn: () => unknown, message: RegExp): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(isBeamstackError(err), String(err)).toBe(true);
  if (isBeamstackError(err)) {
    expect(err.code).toBe(ErrorCodes.INPUT);
    expect(err.message).toMatch(message);
    expect(err.context.file).toBe('unit.h5');
  }
}

describe('cursor', () => {
  it('bounds every read and maps all-ones fields to null', () => {
    const c = cursor(new ByteWriter().u64big(ONES).u64big(2n ** 60n).u8(1));
    expect(c.address()).toBeNull();
    expect(c.u64()).toBe(Infinity);
    expect(c.u8()).toBe(1);
    expectInput(() => c.u16(), /truncated/);
  });
});

describe('dataspace message', () => {
  it('version 1 with maximum dimensions (unlimited) and version 2 scalar/null', () => {
    const v1 = new ByteWriter().u8(1).u8(2).u8(1).u8(0).u32(0).u64(3).u64(4).u64big(ONES).u64(8);
    expect(parseDataspace(cursor(v1))).toEqual({ kind: 'simple', shape: [3, 4], maxShape: [null, 8] });
    expect(parseDataspace(cursor(new ByteWriter().u8(2).u8(0).u8(0).u8(0)))).toEqual({ kind: 'scalar', shape: [], maxShape: [] });
    expect(parseDataspace(cursor(new ByteWriter().u8(2).u8(0).u8(0).u8(2))).kind).toBe('null');
    expectInput(() => parseDataspace(cursor(new ByteWriter().u8(2).u8(40).u8(0).u8(1))), /rank 40/);
    expectInput(() => parseDataspace(cursor(new ByteWriter().u8(2).u8(1).u8(1).u8(1).u64(5).u64(4))), /smaller than the current/);
  });
});

describe('data layout message', () => {
  it('versions 1 and 2 (HDF5 1.4/1.6): chunked with the element size as last dimension, contiguous, compact', () => {
    const chunked = new ByteWriter().u8(1).u8(3).u8(2).zeros(5).u64(4096).u32(1).u32(64).u32(4);
    expect(parseLayout(cursor(chunked))).toEqual({ class: 'chunked', address: 4096, chunk: [1, 64], elementSize: 4, index: { type: 'btree-v1' } });
    const contiguous = new ByteWriter().u8(2).u8(2).u8(1).zeros(5).u64(800).u32(10).u32(20);
    expect(parseLayout(cursor(contiguous))).toEqual({ class: 'contiguous', address: 800, size: null });
    const compact = new ByteWriter().u8(2).u8(1).u8(0).zeros(5).u32(3).u32(3).bytes(new Uint8Array([7, 8, 9]));
    const parsed = parseLayout(cursor(compact));
    expect(parsed.class === 'compact' && [...parsed.data]).toEqual([7, 8, 9]);
  });

  it('version 4: every chunk index with its parameters', () => {
    const indexOf = (w: ByteWriter): unknown => {
      const layout = parseLayout(cursor(w));
      return layout.class === 'chunked' ? layout.index : layout.class;
    };
    const v4 = (index: (w: ByteWriter) => void, flags = 0): ByteWriter => {
      const w = new ByteWriter().u8(4).u8(2).u8(flags).u8(3).u8(2).u16(10).u16(20).u16(8);
      index(w);
      return w.u64(1234);
    };
    expect(parseLayout(cursor(v4((w) => w.u8(1).u64(99).u32(0b10), 0x02)))).toMatchObject({
      chunk: [10, 20],
      elementSize: 8,
      address: 1234,
      index: { type: 'single-chunk', filteredSize: 99, filterMask: 0b10 },
    });
    expect(indexOf(v4((w) => w.u8(2)))).toEqual({ type: 'implicit' });
    expect(indexOf(v4((w) => w.u8(3).u8(10)))).toEqual({ type: 'fixed-array', pageBits: 10 });
    expect(indexOf(v4((w) => w.u8(4).u8(32).u8(4).u8(4).u8(16).u8(10)))).toEqual({
      type: 'extensible-array',
      maxBits: 32,
      indexElements: 4,
      minPointers: 4,
      minElements: 16,
      pageBits: 10,
    });
    expect(indexOf(v4((w) => w.u8(5).u32(2048).u8(100).u8(40)))).toEqual({ type: 'btree-v2', nodeSize: 2048 });
    expectInput(() => parseLayout(cursor(v4((w) => w.u8(9)))), /unknown chunk index type 9/);
    expectInput(() => parseLayout(cursor(new ByteWriter().u8(4).u8(2).u8(0).u8(2).u8(0))), /dimension width 0/);
    expectInput(() => parseLayout(cursor(new ByteWriter().u8(3).u8(2).u8(2).u64(0).u32(0).u32(4))), /chunk dimension 0 is 0/);
  });
});

describe('fill value messages', () => {
  it('old (type 4), versions 1/2 (defined flag) and 3 (flags)', () => {
    expect([...parseOldFillValue(cursor(new ByteWriter().u32(2).u16(0xabcd)))!]).toEqual([0xcd, 0xab]);
    expect([...parseFillValue(cursor(new ByteWriter().u8(1).u8(1).u8(0).u8(2).u32(1).u8(9)))!]).toEqual([9]);
    expect(parseFillValue(cursor(new ByteWriter().u8(2).u8(2).u8(0).u8(0)))).toBeNull();
    expect([...parseFillValue(cursor(new ByteWriter().u8(3).u8(0x20 | 0x08 | 0x02).u32(2).u16(65535)))!]).toEqual([255, 255]);
    expect(parseFillValue(cursor(new ByteWriter().u8(3).u8(0x10)))).toBeNull();
  });
});

describe('filter pipeline message', () => {
  it('version 1 pads names to 8 bytes and odd client data to an even count; version 2 names only ids >= 256', () => {
    const v1 = new ByteWriter().u8(1).u8(2).zeros(6);
    v1.u16(2).u16(8).u16(1).u16(1).bytes(new TextEncoder().encode('shuffle')).u8(0).u32(4).u32(0);
    v1.u16(1).u16(0).u16(1).u16(1).u32(6).u32(0);
    expect(parseFilterPipeline(cursor(v1))).toEqual([
      { id: 2, name: 'shuffle', flags: 1, cdValues: [4] },
      { id: 1, flags: 1, cdValues: [6] },
    ]);
    const v2 = new ByteWriter().u8(2).u8(2).u16(1).u16(1).u16(1).u32(4);
    v2.u16(32008).u16(4).u16(0).u16(2).bytes(new TextEncoder().encode('bsl')).u8(0).u32(0).u32(2);
    expect(parseFilterPipeline(cursor(v2))).toEqual([
      { id: 1, flags: 1, cdValues: [4] },
      { id: 32008, name: 'bsl', flags: 0, cdValues: [0, 2] },
    ]);
  });
});

describe('datatype message', () => {
  it('skips compound, enum, array, opaque and time types exactly (their length matters when nested)', () => {
    const member = (w: ByteWriter, name: string, offset: number): void => {
      w.bytes(new TextEncoder().encode(name)).u8(0).u8(offset);
      w.u8(0x30).u8(0).u8(0).u8(0).u32(4).u16(0).u16(32); // v3 fixed-point uint32
    };
    const compound = new ByteWriter().u8(0x36).u8(2).u8(0).u8(0).u32(8);
    member(compound, 'a', 0);
    member(compound, 'bb', 4);
    compound.u8(0xee);
    const c = cursor(compound);
    expect(parseDatatype(c)).toEqual({ class: 'other', size: 8, name: 'compound' });
    expect(c.u8()).toBe(0xee);

    const enumType = new ByteWriter().u8(0x38).u8(2).u8(0).u8(0).u32(1);
    enumType.u8(0x10).u8(0x08).u8(0).u8(0).u32(1).u16(0).u16(8); // base int8
    enumType.bytes(new TextEncoder().encode('FALSE')).u8(0).bytes(new TextEncoder().encode('TRUE')).u8(0).u8(0).u8(1).u8(0xee);
    const ec = cursor(enumType);
    expect(parseDatatype(ec)).toMatchObject({ class: 'enum', size: 1, base: { class: 'fixed', signed: true } });
    expect(ec.u8()).toBe(0xee);

    const arrayType = new ByteWriter().u8(0x3a).u8(0).u8(0).u8(0).u32(12).u8(2).u32(2).u32(3);
    arrayType.u8(0x10).u8(0x01).u8(0).u8(0).u32(2).u16(0).u16(16); // big-endian uint16
    expect(parseDatatype(cursor(arrayType))).toEqual({ class: 'array', size: 12, dims: [2, 3], base: { class: 'fixed', size: 2, signed: false, littleEndian: false } });

    const opaque = new ByteWriter().u8(0x15).u8(8).u8(0).u8(0).u32(4).bytes(new TextEncoder().encode('tag')).zeros(5).u8(0xee);
    const oc = cursor(opaque);
    expect(parseDatatype(oc).class).toBe('other');
    expect(oc.u8()).toBe(0xee);

    const vlenSeq = new ByteWriter().u8(0x19).u8(0).u8(0).u8(0).u32(16).u8(0x10).u8(0).u8(0).u8(0).u32(4).u16(0).u16(32);
    expect(parseDatatype(cursor(vlenSeq))).toEqual({ class: 'other', size: 16, name: 'variable-length sequence of fixed' });
    const vlenStr = new ByteWriter().u8(0x19).u8(0x01).u8(0x01).u8(0).u32(16).u8(0x13).u8(0).u8(0).u8(0).u32(1);
    expect(parseDatatype(cursor(vlenStr))).toEqual({ class: 'vlen-string', size: 16, padding: 0, utf8: true });

    let nested = new ByteWriter();
    for (let i = 0; i < 20; i++) nested.u8(0x3a).u8(0).u8(0).u8(0).u32(1).u8(1).u32(1);
    nested = nested.u8(0x10).u8(0).u8(0).u8(0).u32(1).u16(0).u16(8);
    expectInput(() => parseDatatype(cursor(nested)), /nesting is too deep/);
    expectInput(() => parseDatatype(cursor(new ByteWriter().u8(0x1f).u8(0).u8(0).u8(0).u32(1))), /unknown datatype class 15/);
  });
});

describe('link message', () => {
  it('hard links with 2-byte name lengths, external links, unknown classes', () => {
    const name = 'x'.repeat(300);
    const hard = new ByteWriter().u8(1).u8(0x01).u16(300).bytes(new TextEncoder().encode(name)).u64(4242);
    expect(parseLink(cursor(hard))).toEqual({ name, target: { kind: 'hard', address: 4242 } });
    const info = new ByteWriter().u8(0).bytes(new TextEncoder().encode('f.h5')).u8(0).bytes(new TextEncoder().encode('/a/b')).u8(0).view8();
    const ext = new ByteWriter().u8(1).u8(0x08 | 0x04).u8(64).u64(7).u8(1).bytes(new TextEncoder().encode('e')).u16(info.length).bytes(info);
    expect(parseLink(cursor(ext))).toEqual({ name: 'e', target: { kind: 'external', file: 'f.h5', target: '/a/b' } });
    const badVersion = new ByteWriter().u8(1).u8(0x08).u8(64).u8(1).bytes(new TextEncoder().encode('e')).u16(3).u8(0x10).u8(0).u8(0);
    expectInput(() => parseLink(cursor(badVersion)), /external link version 1/);
    const userDefined = new ByteWriter().u8(1).u8(0x08).u8(65).u8(1).bytes(new TextEncoder().encode('u')).u16(0);
    expect(parseLink(cursor(userDefined)).target).toEqual({ kind: 'unknown', linkType: 65 });
  });
});

describe('virtual dataset mapping', () => {
  const shape = [10, 4, 5];
  const blob = (build: (w: ByteWriter) => void): Uint8Array => {
    const w = new ByteWriter();
    build(w);
    w.u32(lookup3(w.view8()));
    return w.view8().slice();
  };
  const names = (w: ByteWriter, file: string, dataset: string): ByteWriter =>
    w.bytes(new TextEncoder().encode(file)).u8(0).bytes(new TextEncoder().encode(dataset)).u8(0);
  const all = (w: ByteWriter): ByteWriter => w.u32(3).u32(1).u32(0).u32(0);
  /** Regular hyperslab, encoding version 2 (u64 start/stride/count/block). */
  const regular = (w: ByteWriter, starts: number[], strides: number[], counts: (number | bigint)[], blocks: number[]): ByteWriter => {
    w.u32(2).u32(2).u8(1).u32(0).u32(starts.length);
    starts.forEach((_, d) => {
      w.u64(starts[d]!).u64(strides[d]!);
      const n = counts[d]!;
      if (typeof n === 'bigint') w.u64big(n);
      else w.u64(n);
      w.u64(blocks[d]!);
    });
    return w;
  };

  it('decodes what our writer encodes (whole sources, one block each)', () => {
    const encoded = encodeVirtualMapping(
      [
        { file: 'a_%.h5', dataset: '/d', frames: 4, firstFrame: 0 },
        { file: 'b.h5', dataset: '/d', frames: 6, firstFrame: 4 },
      ],
      shape,
    );
    expect(decodeVirtualMapping(encoded, ctx, widths, shape)).toEqual([
      { file: 'a_%.h5', dataset: '/d', firstFrame: 0, frames: 4, sourceFirstFrame: 0 },
      { file: 'b.h5', dataset: '/d', firstFrame: 4, frames: 6, sourceFirstFrame: 0 },
    ]);
  });

  it('splits strided mappings into frame ranges and pairs source blocks with virtual blocks', () => {
    const strided = blob((w) => {
      w.u8(0).u64(2);
      all(names(w, 'even.h5', '/d'));
      regular(w, [0, 0, 0], [2, 1, 1], [5, 1, 1], [1, 4, 5]);
      names(w, 'odd.h5', '/d');
      regular(w, [2, 0, 0], [1, 1, 1], [1, 1, 1], [5, 4, 5]);
      regular(w, [1, 0, 0], [2, 1, 1], [5, 1, 1], [1, 4, 5]);
    });
    const ranges = decodeVirtualMapping(strided, ctx, widths, shape);
    expect(ranges.filter((r) => r.file === 'even.h5').map((r) => [r.firstFrame, r.frames, r.sourceFirstFrame])).toEqual([
      [0, 1, 0],
      [2, 1, 1],
      [4, 1, 2],
      [6, 1, 3],
      [8, 1, 4],
    ]);
    expect(ranges.filter((r) => r.file === 'odd.h5').map((r) => [r.firstFrame, r.frames, r.sourceFirstFrame])).toEqual([
      [1, 1, 2],
      [3, 1, 3],
      [5, 1, 4],
      [7, 1, 5],
      [9, 1, 6],
    ]);
  });

  it('rejects mappings it cannot express as frame ranges with clear INPUT errors', () => {
    const one = (source: (w: ByteWriter) => void, virtual: (w: ByteWriter) => void, file = 's.h5'): Uint8Array =>
      blob((w) => {
        w.u8(0).u64(1);
        names(w, file, '/d');
        source(w);
        virtual(w);
      });
    const whole = (w: ByteWriter): ByteWriter => regular(w, [0, 0, 0], [1, 1, 1], [1, 1, 1], [10, 4, 5]);
    expectInput(() => decodeVirtualMapping(one(all, (w) => regular(w, [0, 0, 0], [1, 1, 1], [1, 1, 1], [10, 2, 5])), ctx, widths, shape), /whole frames/);
    expectInput(() => decodeVirtualMapping(one(all, (w) => w.u32(1).u32(1).u32(0).u32(0).u32(3).u32(1)), ctx, widths, shape), /points/);
    expectInput(() => decodeVirtualMapping(one(all, (w) => regular(w, [0, 0, 0], [1, 1, 1], [ONES, 1, 1], [1, 4, 5])), ctx, widths, shape), /unlimited/);
    expectInput(() => decodeVirtualMapping(one(all, whole, 'f_%b.h5'), ctx, widths, shape), /printf/);
    expectInput(() => decodeVirtualMapping(one((w) => regular(w, [0, 0, 0], [1, 1, 1], [1, 1, 1], [3, 4, 5]), whole), ctx, widths, shape), /frame count/);
    const corrupt = one(all, whole);
    corrupt[3]! ^= 1;
    expectInput(() => decodeVirtualMapping(corrupt, ctx, widths, shape), /checksum/);
  });
});
