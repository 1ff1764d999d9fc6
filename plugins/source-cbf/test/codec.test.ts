import { contentMd5, encodeByteOffset } from '@beamstack/codec-byte-offset';
import { ErrorCodes } from '@beamstack/contract';
import { codedError, describeCodecConformance } from '@beamstack/testkit/vitest';
import { describe, expect, it } from 'vitest';
import { verifiedByteOffsetCodec } from '../src/index.js';

// The standard codec suite (round trips of every dtype, hostile chunks → DECODE naming the codec).
describeCodecConformance(verifiedByteOffsetCodec);

describe('byte-offset-md5 with an MD5', () => {
  const values = Int32Array.from({ length: 60 }, (_, i) => (i * 7919) % 1000 - 3);
  const payload = encodeByteOffset(values);
  const info = { shape: [6, 10], dtype: 'int32' } as const;

  it('decodes when the MD5 matches', () => {
    expect(Array.from(verifiedByteOffsetCodec.decode(payload, info, { options: { md5: contentMd5(payload), file: 'a.cbf' } }))).toEqual(Array.from(values));
  });

  it('refuses a mismatch as INPUT naming the file, before decoding', () => {
    const e = codedError(() => verifiedByteOffsetCodec.decode(payload, info, { options: { md5: 'AAAAAAAAAAAAAAAAAAAAAA==', file: 'a.cbf' } }));
    expect([e.code, e.context.file, e.context.codec]).toEqual([ErrorCodes.INPUT, 'a.cbf', 'byte-offset-md5']);
  });

  it('names the file and itself in decode errors', () => {
    const e = codedError(() => verifiedByteOffsetCodec.decode(payload.subarray(0, 30), info, { options: { file: 'b.cbf' } }));
    expect([e.code, e.context.file, e.context.codec]).toEqual([ErrorCodes.DECODE, 'b.cbf', 'byte-offset-md5']);
    expect(e.message).toContain('b.cbf');
  });
});
