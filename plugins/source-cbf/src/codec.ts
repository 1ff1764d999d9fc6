import { byteOffsetCodec, contentMd5 } from '@beamstack/codec-byte-offset';
import { BeamstackError, ErrorCodes, defineCodec, isBeamstackError, type FrameInfo, type PixelArray } from '@beamstack/contract';
import { VERIFIED_CODEC_ID } from './version.js';

const codecSchema = {
  type: 'object',
  properties: {
    md5: {
      type: 'string',
      pattern: '^[A-Za-z0-9+/]{22}==$',
      description: 'Content-MD5 of the payload (base64); when given, decode refuses a payload that does not match',
    },
    file: { type: 'string', description: 'File the payload came from, named in errors' },
  },
  additionalProperties: false,
} as const;

/**
 * `byte-offset-md5`: the byte-offset payload of a CBF file, with the file's Content-MD5 in its
 * params. Decoding (in a pool worker) first checks the MD5, so the main thread only reads files:
 * MD5 costs about twice the decode itself. A mismatch is INPUT (the file is corrupt), a payload
 * that does not decode is DECODE; both name the file. Encoding is plain byte offset.
 */
export const verifiedByteOffsetCodec = defineCodec({
  id: VERIFIED_CODEC_ID,
  description: 'CBF byte-offset payload checked against its Content-MD5 before decoding (what the cbf source emits)',
  options: codecSchema,
  dtypes: byteOffsetCodec.dtypes,
  encode(pixels: PixelArray, info: FrameInfo): Uint8Array {
    return byteOffsetCodec.encode(pixels, info, { options: {} });
  },
  decode(bytes, info, { options }): PixelArray {
    const file = typeof options.file === 'string' ? options.file : undefined;
    const where = { codec: VERIFIED_CODEC_ID, ...(file !== undefined ? { file } : {}) };
    if (typeof options.md5 === 'string') {
      const actual = contentMd5(bytes);
      if (actual !== options.md5) {
        throw new BeamstackError(ErrorCodes.INPUT, `Content-MD5 mismatch: the header says ${options.md5}, the ${bytes.length} data bytes hash to ${actual}`, where);
      }
    }
    try {
      return byteOffsetCodec.decode(bytes, info, { options: {} });
    } catch (error) {
      if (!isBeamstackError(error)) throw error;
      throw new BeamstackError(error.code, `${error.message}${file !== undefined ? ` (${file})` : ''}`, { ...error.context, ...where }, { cause: error });
    }
  },
});
