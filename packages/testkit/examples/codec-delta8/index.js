// A tiny codec in plain JavaScript: every byte is stored as its difference to the byte before.
import { BeamstackError, ErrorCodes, allocPixels, bytesPerPixel, defineCodec, definePlugin, pixelBytes } from '@beamstack/contract';

const frameBytes = (info) => info.shape[0] * info.shape[1] * bytesPerPixel(info.dtype);

export const delta8 = defineCodec({
  id: 'delta8',
  description: 'Byte-wise delta coding (an example codec: same size, easier to compress afterwards)',
  options: { type: 'object', properties: {} },
  dtypes: ['uint8', 'uint16', 'uint32', 'int8', 'int16', 'int32'],

  encode(pixels, info) {
    const input = pixelBytes(pixels);
    if (pixels.BYTES_PER_ELEMENT !== bytesPerPixel(info.dtype) || input.length !== frameBytes(info)) {
      throw new BeamstackError(ErrorCodes.ENCODE, `pixels do not fit a ${info.dtype} ${info.shape.join('x')} frame`, { codec: 'delta8' });
    }
    const out = new Uint8Array(input.length);
    let previous = 0;
    for (let i = 0; i < input.length; i++) {
      out[i] = input[i] - previous;
      previous = input[i];
    }
    return out;
  },

  decode(bytes, info) {
    // The chunk's size is checked before anything is allocated: hostile input costs nothing.
    if (bytes.length !== frameBytes(info)) {
      throw new BeamstackError(ErrorCodes.DECODE, `chunk has ${bytes.length} bytes, a ${info.dtype} ${info.shape.join('x')} frame needs ${frameBytes(info)}`, { codec: 'delta8' });
    }
    const pixels = allocPixels(info.dtype, info.shape[0] * info.shape[1]);
    const out = pixelBytes(pixels);
    let previous = 0;
    for (let i = 0; i < bytes.length; i++) {
      previous = (previous + bytes[i]) & 0xff;
      out[i] = previous;
    }
    return pixels;
  },
});

export default definePlugin({ stages: [delta8] });
