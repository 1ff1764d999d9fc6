import { BeamstackError, DTYPES, ErrorCodes, type FrameInfo } from '@beamstack/contract';
import { describe, expect, it } from 'vitest';
import plugin, {
  BYTE_OFFSET_CONVERSION,
  CBF_64BIT_ELEMENT_TYPES,
  CBF_BINARY_MARKER,
  CBF_ELEMENT_TYPES,
  MAX_BYTES_PER_VALUE,
  byteOffsetBound,
  byteOffsetCodec,
  cbfElementType,
  contentMd5,
  decodeByteOffset,
  decodeByteOffset64,
  dtypeFromCbfElementType,
  encodeByteOffset,
  encodeByteOffset64,
  maxEncodedBytesPerValue,
} from '../src/index.js';
import { hex } from './patterns.js';

const ctx = { options: {} };

describe('FORMATS.md §8.2 worked examples', () => {
  // 3 x 4 int32; deltas 0,1,1,128,−135,40005,−10,852476362,−852516353,−1,9,0.
  const values = [0, 1, 2, 130, -5, 40000, 39990, 852516352, -1, -2, 7, 7];
  const expected =
    '00' + '01' + '01' + '808000' + '8079ff' + '800080459c0000' + 'f6' + '800080cac1cf32' + '800080ffa12fcd' + 'ff' + '09' + '00';
  const info: FrameInfo = { shape: [3, 4], dtype: 'int32' };

  it('encodes the 34-byte int32 example byte for byte, with its Content-MD5', () => {
    const payload = byteOffsetCodec.encode(Int32Array.from(values), info, ctx);
    expect(payload.length).toBe(34);
    expect(hex(payload)).toBe(expected);
    expect(contentMd5(payload)).toBe('PGPrQUEHBv4Tt1ZAHPBq+w==');
  });

  it('decodes it back', () => {
    const pixels = byteOffsetCodec.decode(Buffer.from(expected, 'hex'), info, ctx);
    expect(pixels).toBeInstanceOf(Int32Array);
    expect(Array.from(pixels)).toEqual(values);
  });

  it('gives the same bytes through the 64-bit core', () => {
    expect(hex(encodeByteOffset64(BigInt64Array.from(values.map(BigInt))))).toBe(expected);
  });

  // Values beyond int32 cannot be a frame; the BigInt core covers the 64-bit form.
  it('encodes and decodes the 46-byte 64-bit escape example with the 64-bit core', () => {
    const big = BigInt64Array.from([0n, 1n << 40n, -(1n << 40n), 5n]);
    const payload = encodeByteOffset64(big);
    expect(payload.length).toBe(46);
    expect(hex(payload)).toBe(
      '00' + '80008000000080' + '0000000000010000' + '80008000000080' + '0000000000feffff' + '80008000000080' + '0500000000010000',
    );
    expect(Array.from(decodeByteOffset64(payload, 4))).toEqual(Array.from(big));
  });

  it('keeps the 64-bit core inside int64', () => {
    const max = (1n << 63n) - 1n;
    const min = -(1n << 63n);
    expect(Array.from(decodeByteOffset64(encodeByteOffset64(BigInt64Array.from([min, -1n, max - 1n])), 3))).toEqual([min, -1n, max - 1n]);
    // max → min is a difference of −(2^64 − 1): no 64-bit delta holds it.
    expect(() => encodeByteOffset64(BigInt64Array.from([max, min]))).toThrow(/does not fit in 64 bits/);
    const beyond = Buffer.concat([encodeByteOffset64(BigInt64Array.from([max])), Buffer.from('01', 'hex')]);
    expect(() => decodeByteOffset64(beyond, 2)).toThrow(/does not fit in 64 bits/);
    expect(() => decodeByteOffset64(Buffer.from('800080', 'hex'), 1)).toThrow(/truncated escape/);
  });

  it('uses the 64-bit form for 32-bit jumps wider than 2^31 − 1 (deltas are exact, not modulo 2^32)', () => {
    // uint32 0 → 4294967295 → 0: deltas +(2^32 − 1), −(2^32 − 1).
    const payload = encodeByteOffset(Uint32Array.from([0, 0xffffffff, 0]));
    expect(hex(payload)).toBe('00' + '80008000000080' + 'ffffffff00000000' + '80008000000080' + '01000000ffffffff');
    expect(Array.from(decodeByteOffset(payload, 'uint32', 3))).toEqual([0, 0xffffffff, 0]);
    // 0 → 2^31 − 1 fits the 32-bit form, but −1 → 2^31 − 1 is a jump of 2^31 and needs the 64-bit
    // form (FORMATS.md §8.2's parenthesis says 32-bit; fabio's exact encoder agrees with this test).
    expect(hex(encodeByteOffset(Int32Array.from([0x7fffffff])))).toBe('800080' + 'ffffff7f');
    expect(hex(encodeByteOffset(Int32Array.from([-1, 0x7fffffff])))).toBe('ff' + '80008000000080' + '0000008000000000');
    // −2^31 from 0 needs the 64-bit form (−2^31 is the 32-bit escape).

    expect(hex(encodeByteOffset(Int32Array.from([-0x80000000])))).toBe('80008000000080' + '00000080ffffffff');
  });

  it('writes the escape values themselves with the next wider form', () => {
    // −128 is the 1-byte escape, −32768 the 2-byte one.
    expect(hex(encodeByteOffset(Int32Array.from([127, 0, -127, -255])))).toBe('7f' + '81' + '81' + '8080ff');
    expect(hex(encodeByteOffset(Int32Array.from([-32768])))).toBe('800080' + '0080ffff');
    expect(hex(encodeByteOffset(Int16Array.from([-32767, 32767, -32768])))).toBe(
      '800180' + '800080' + 'feff0000' + '800080' + '0100ffff',
    );
    expect(hex(encodeByteOffset(Int8Array.from([-128, 127])))).toBe('8080ff' + '80ff00');
  });

  it('accepts wider forms than needed, as CBF allows', () => {
    // 5 written as int16, int32 and int64 deltas.
    const wide = Buffer.from('800500' + '80008005000000' + '800080000000800500000000000000', 'hex');
    expect(Array.from(decodeByteOffset(wide, 'uint8', 3))).toEqual([5, 10, 15]);
  });
});

describe('plugin and exports', () => {
  it('is one codec stage with id byte-offset and no HDF5 mapping', () => {
    expect(plugin.stages).toEqual([byteOffsetCodec]);
    expect(byteOffsetCodec.kind).toBe('codec');
    expect(byteOffsetCodec.id).toBe('byte-offset');
    expect(byteOffsetCodec.hdf5).toBeUndefined();
    expect([...byteOffsetCodec.dtypes].sort()).toEqual([...DTYPES].sort());
    expect(byteOffsetCodec.options).toEqual({ type: 'object', properties: {} });
  });

  it('maps X-Binary-Element-Type names to dtypes and back', () => {
    expect(cbfElementType('int32')).toBe('signed 32-bit integer');
    expect(cbfElementType('uint16')).toBe('unsigned 16-bit integer');
    for (const dtype of DTYPES) {
      expect(dtypeFromCbfElementType(CBF_ELEMENT_TYPES[dtype])).toBe(dtype);
      expect(dtypeFromCbfElementType(`  "${CBF_ELEMENT_TYPES[dtype]}" `)).toBe(dtype);
    }
    for (const name of CBF_64BIT_ELEMENT_TYPES) expect(dtypeFromCbfElementType(name)).toBeUndefined();
    expect(dtypeFromCbfElementType('signed 32-bit real IEEE')).toBeUndefined();
    expect(dtypeFromCbfElementType('"signed 32-bit integer')).toBeUndefined();
    expect(dtypeFromCbfElementType('')).toBeUndefined();
  });

  it('exports the CBF constants and size bounds', () => {
    expect(CBF_BINARY_MARKER).toEqual([0x0c, 0x1a, 0x04, 0xd5]);
    expect(BYTE_OFFSET_CONVERSION).toBe('x-CBF_BYTE_OFFSET');
    expect(MAX_BYTES_PER_VALUE).toBe(15);
    expect([maxEncodedBytesPerValue('uint8'), maxEncodedBytesPerValue('int16'), maxEncodedBytesPerValue('uint32')]).toEqual([3, 7, 15]);
    expect(byteOffsetBound(10)).toBe(150);
    expect(byteOffsetBound(10, 'int8')).toBe(30);
    // The bounds are reached: alternating extremes need the widest form every time.
    expect(encodeByteOffset(Int8Array.from([-128, 127, -128, 127])).length).toBe(byteOffsetBound(4, 'int8'));
    expect(encodeByteOffset(Uint16Array.from([65535, 0, 65535])).length).toBe(byteOffsetBound(3, 'uint16'));
    expect(encodeByteOffset(Int32Array.from([-0x80000000, 0x7fffffff])).length).toBe(byteOffsetBound(2, 'int32'));
  });

  it('computes Content-MD5 as base64 of the MD5 of the payload', () => {
    expect(contentMd5(new Uint8Array(0))).toBe('1B2M2Y8AsgTpgAmY7PhCfg==');
  });
});

describe('codec hook checks', () => {
  const expectCode = (run: () => unknown, code: string, message: RegExp): void => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(BeamstackError);
      expect((error as BeamstackError).code).toBe(code);
      expect((error as BeamstackError).context.codec).toBe('byte-offset');
      expect((error as BeamstackError).message).toMatch(message);
      return;
    }
    throw new Error('no error thrown');
  };

  it('refuses pixels that do not match the frame when encoding', () => {
    const info: FrameInfo = { shape: [2, 3], dtype: 'int32' };
    expectCode(() => byteOffsetCodec.encode(new Int32Array(5), info, ctx), ErrorCodes.ENCODE, /do not match/);
    // Same element size, other signedness: the deltas would differ.
    expectCode(() => byteOffsetCodec.encode(new Uint32Array(6), info, ctx), ErrorCodes.ENCODE, /do not match/);
    expectCode(() => byteOffsetCodec.encode(new Int32Array(6), { shape: [2, -3], dtype: 'int32' }, ctx), ErrorCodes.ENCODE, /shape/);
    // The contract's dtypeOf calls any other array int32; floats must not be truncated silently.
    expectCode(() => byteOffsetCodec.encode(new Float32Array(6) as unknown as Int32Array, info, ctx), ErrorCodes.ENCODE, /integer typed array/);
    expectCode(
      () => byteOffsetCodec.encode(new Int32Array(6), { shape: [2, 3], dtype: 'float32' as 'int32' }, ctx),
      ErrorCodes.ENCODE,
      /not supported/,
    );
  });

  it('refuses impossible frame descriptions when decoding, before allocating', () => {
    expectCode(() => byteOffsetCodec.decode(new Uint8Array(4), { shape: [2, 1.5], dtype: 'int32' }, ctx), ErrorCodes.DECODE, /shape/);
    expectCode(() => byteOffsetCodec.decode(new Uint8Array(4), { shape: [2 ** 20, 2 ** 20], dtype: 'int32' }, ctx), ErrorCodes.DECODE, /too short/);
    expectCode(() => byteOffsetCodec.decode(new Uint8Array(4), { shape: [2 ** 40, 2 ** 20], dtype: 'int32' }, ctx), ErrorCodes.DECODE, /too large/);
  });

  it('handles an empty frame', () => {
    const info: FrameInfo = { shape: [0, 7], dtype: 'uint16' };
    expect(byteOffsetCodec.encode(new Uint16Array(0), info, ctx).length).toBe(0);
    expect(byteOffsetCodec.decode(new Uint8Array(0), info, ctx)).toEqual(new Uint16Array(0));
  });
});
