import { ErrorCodes } from '@beamstack/contract';
import { describe, expect, it } from 'vitest';
import { Hdf5Value, array, f32, f64, i16, i64, str, toValue, u8, u64, u32 } from '../src/values.js';

describe('typed values', () => {
  it('encodes scalars with a scalar shape and arrays with a 1-D shape', () => {
    expect(u32(7).shape).toEqual([]);
    expect(u32([1, 2]).shape).toEqual([2]);
    expect([...u32([1, 258]).bytes]).toEqual([1, 0, 0, 0, 2, 1, 0, 0]);
    expect([...i16(-2).bytes]).toEqual([0xfe, 0xff]);
    expect([...u64(2n ** 64n - 1n).bytes]).toEqual(new Array(8).fill(0xff));
    expect(new DataView(f64(1.5).bytes.buffer).getFloat64(0, true)).toBe(1.5);
    expect(new DataView(f32(0.25).bytes.buffer).getFloat32(0, true)).toBe(0.25);
  });

  it('makes fixed-length NUL-terminated strings whose size includes the NUL', () => {
    const v = str('NXentry');
    expect(v.type).toEqual({ kind: 'string', size: 8, utf8: false });
    expect(v.bytes[7]).toBe(0);
    expect(str('').type).toEqual({ kind: 'string', size: 1, utf8: false });
    expect(str('Å').type).toEqual({ kind: 'string', size: 3, utf8: true });
    expect(str(['a', 'bcd']).type).toMatchObject({ size: 4 });
    expect(str(['a', 'bcd']).shape).toEqual([2]);
  });

  it('maps plain inputs: number → float64, bigint → int64, typed arrays keep their type', () => {
    expect(toValue(3, 'x').type).toBe('float64');
    expect(toValue(3n, 'x').type).toBe('int64');
    expect(toValue(new Uint16Array([1, 2]), 'x').type).toBe('uint16');
    expect(toValue([1, 2], 'x').shape).toEqual([2]);
    expect(toValue({ dtype: 'uint32', shape: [2, 3], data: new Uint32Array(6) }, 'x').shape).toEqual([2, 3]);
  });

  it('copies typed array data so later changes do not reach the file', () => {
    const data = new Uint32Array([1, 2, 3]);
    const v = toValue(data, 'x');
    data[0] = 99;
    expect(v.bytes[0]).toBe(1);
  });

  it('refuses values that do not fit the type, with INPUT errors', () => {
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return (e as { code?: string }).code;
      }
      return undefined;
    };
    expect(code(() => u8(300))).toBe(ErrorCodes.INPUT);
    expect(code(() => u8(-1))).toBe(ErrorCodes.INPUT);
    expect(code(() => u32(1.5))).toBe(ErrorCodes.INPUT);
    expect(code(() => i64(2 ** 60))).toBe(ErrorCodes.INPUT); // not a safe integer as a number
    expect(code(() => u64(-1n))).toBe(ErrorCodes.INPUT);
    expect(code(() => array('uint8', [2, 2], [1, 2, 3]))).toBe(ErrorCodes.INPUT);
    expect(code(() => array('uint8', [-1], []))).toBe(ErrorCodes.INPUT);
    expect(code(() => str('a\0b'))).toBe(ErrorCodes.INPUT);
    expect(code(() => toValue([1, 'a'] as unknown as number[], 'x'))).toBe(ErrorCodes.INPUT);
  });
});

describe('hand-made values', () => {
  it('refuses an Hdf5Value whose bytes do not match its type and shape', () => {
    expect(() => toValue(new Hdf5Value('uint32', [2], new Uint8Array(7)), 'x')).toThrow(/need 8/);
    expect(toValue(new Hdf5Value('uint16', [2], new Uint8Array(4)), 'x').shape).toEqual([2]);
  });
});
