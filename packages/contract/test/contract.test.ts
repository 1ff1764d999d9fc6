import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  BeamstackError,
  CONTRACT_VERSION,
  ErrorCodes,
  allocPixels,
  defineCodec,
  defineTransform,
  describeContext,
  dtypeOf,
  formatError,
  frameAngle,
  isBeamstackError,
  maskedValue,
  pixelBytes,
  pixelsFromBytes,
  reviveError,
  serializeError,
  type ScanMeta,
} from '../src/index.js';

describe('contract', () => {
  it('has a semver contract version', () => {
    expect(CONTRACT_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });

  describe('pixels', () => {
    it('views little-endian bytes as pixels without copying when aligned, and copies when not', () => {
      const bytes = new Uint8Array([1, 0, 2, 0, 0xff, 0xff]);
      const px = pixelsFromBytes('uint16', bytes);
      expect(Array.from(px)).toEqual([1, 2, 65535]);
      expect(px.buffer).toBe(bytes.buffer);
      const odd = new Uint8Array(7);
      odd.set([1, 0, 0, 0, 2, 0, 0], 0);
      const unaligned = pixelsFromBytes('uint32', odd.subarray(1, 5));
      expect(unaligned.buffer).not.toBe(odd.buffer);
      expect(() => pixelsFromBytes('uint32', new Uint8Array(3))).toThrow(RangeError);
    });

    it('allocates typed arrays, optionally in shared memory, and reports their dtype', () => {
      const shared = allocPixels('int32', 4, true);
      expect(shared.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(dtypeOf(shared)).toBe('int32');
      expect(dtypeOf(allocPixels('uint8', 1))).toBe('uint8');
      expect(pixelBytes(allocPixels('uint32', 3)).byteLength).toBe(12);
    });

    it('knows the masked value of each type (2^bits−1 unsigned, −1 signed as in CBF)', () => {
      expect(maskedValue('uint16')).toBe(65535);
      expect(maskedValue('uint32')).toBe(4294967295);
      expect(maskedValue('int32')).toBe(-1);
    });
  });

  describe('errors', () => {
    it('carry a stable code and context, and survive serialization across threads', () => {
      const cause = new Error('short read');
      const e = new BeamstackError(ErrorCodes.DECODE, 'truncated block', { codec: 'bslz4', frame: 3 }, { cause });
      const back = reviveError(JSON.parse(JSON.stringify(serializeError(e))));
      expect(back).toBeInstanceOf(BeamstackError);
      expect(back.code).toBe('BEAMSTACK_E_DECODE');
      expect(back.context).toEqual({ codec: 'bslz4', frame: 3 });
      expect((back.cause as Error).message).toBe('short read');
      expect(formatError(back)).toBe('BEAMSTACK_E_DECODE: truncated block (codec bslz4, frame 3)');
    });

    it('keep the innermost context when more is added', () => {
      const e = new BeamstackError(ErrorCodes.DECODE, 'x', { frame: 3 }).withContext({ frame: 9, plugin: 'p@1.0.0' });
      expect(e.context).toEqual({ frame: 3, plugin: 'p@1.0.0' });
      expect(describeContext(e.context)).toBe('plugin p@1.0.0, frame 3');
    });

    it('recognise coded errors from another copy of this package by shape', () => {
      const foreign = Object.assign(new Error('x'), { name: 'BeamstackError', code: 'BEAMSTACK_E_DECODE', context: {}, withContext() {} });
      expect(isBeamstackError(foreign)).toBe(true);
      expect(isBeamstackError(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe(false);
      expect(serializeError(new TypeError('boom'))).toMatchObject({ code: 'BEAMSTACK_E_INTERNAL', message: 'boom' });
    });
  });

  it('gives each frame its start angle, explicit or from start and increment', () => {
    const scan: ScanMeta = { axis: 'omega', vector: [-1, 0, 0], start_deg: 10, increment_deg: 0.5, angles_deg: null };
    expect(frameAngle(scan, 4)).toBe(12);
    expect(frameAngle({ ...scan, angles_deg: [10, 15, 20] }, 2)).toBe(20);
  });

  it('define* helpers tag the kind and type options from the schema', () => {
    const t = defineTransform({
      id: 'bin',
      description: 'bin',
      accepts: 'pixels',
      options: { type: 'object', properties: { factor: { type: 'integer', minimum: 2, default: 2 }, mode: { type: 'string', enum: ['sum', 'mean'] } } },
      mapMeta: (meta, { options }) => {
        expectTypeOf(options.factor).toEqualTypeOf<number>();
        expectTypeOf(options.mode).toEqualTypeOf<'sum' | 'mean' | undefined>();
        return meta;
      },
    });
    expect(t.kind).toBe('transform');
    const c = defineCodec({
      id: 'noop',
      description: 'noop',
      dtypes: ['uint8'],
      options: { type: 'object', properties: {} },
      encode: (p) => new Uint8Array(p.buffer),
      decode: (b) => b,
    });
    expect(c.kind).toBe('codec');
  });
});
