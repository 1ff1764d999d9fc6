import { describe, expect, it } from 'vitest';
import { ErrorCodes, checkPixelsMatch, frameByteLength } from '../src/index.js';

describe('codec frame checks', () => {
  it('gives the byte length of a frame description', () => {
    expect(frameByteLength({ shape: [3, 5], dtype: 'uint16' }, ErrorCodes.DECODE, 'x')).toBe(30);
    expect(frameByteLength({ shape: [0, 5], dtype: 'int32' }, ErrorCodes.ENCODE, 'x')).toBe(0);
  });

  it('refuses bad shapes, unsupported dtypes and sizes past 2^53 with the given code and codec', () => {
    const refused = (info: Parameters<typeof frameByteLength>[0], dtypes?: Parameters<typeof frameByteLength>[3]) =>
      expect(() => frameByteLength(info, ErrorCodes.DECODE, 'codec-x', dtypes)).toThrow(
        expect.objectContaining({ code: ErrorCodes.DECODE, context: { codec: 'codec-x' } }),
      );
    refused({ shape: [-1, 4], dtype: 'uint8' });
    refused({ shape: [2.5, 4], dtype: 'uint8' });
    refused({ shape: [2, 2], dtype: 'uint8' }, ['uint16']);
    refused({ shape: [2 ** 30, 2 ** 30], dtype: 'uint32' });
    expect(() => frameByteLength({ shape: [NaN, 1], dtype: 'uint8' }, ErrorCodes.ENCODE, 'y')).toThrow(
      expect.objectContaining({ code: ErrorCodes.ENCODE }),
    );
  });

  it('matches pixels by element size, or by dtype when asked', () => {
    const info = { shape: [2, 2], dtype: 'int16' } as const;
    expect(() => checkPixelsMatch(new Uint16Array(4), info, 'x')).not.toThrow();
    expect(() => checkPixelsMatch(new Uint16Array(4), info, 'x', 'dtype')).toThrow(/uint16 x 4.*int16 \[2, 2\]/);
    expect(() => checkPixelsMatch(new Int16Array(3), info, 'x')).toThrow(
      expect.objectContaining({ code: ErrorCodes.ENCODE, context: { codec: 'x' } }),
    );
    expect(() => checkPixelsMatch(new Uint8Array(4), info, 'x')).toThrow(expect.objectContaining({ code: ErrorCodes.ENCODE }));
  });
});
