// A source that cycles through a few frames rendered beforehand, with the metadata (and pixel
// mask) of the series they came from. Frames are "rendered" in the workers, so the pool spends its
// time in the stages after the source (a codec, a writer's prepare), not in making frames, while
// the content is still realistic and varies from frame to frame as a real series does.
import { readFileSync } from 'node:fs';

const TYPES = { uint32: Uint32Array, uint16: Uint16Array, int32: Int32Array };

/** Per thread: the frames of the file, read once, as views into one buffer. */
let loaded = null;

/**
 * The file's frames, read once per thread and handed out without a copy. In a chain that ends
 * encoded the pixels never leave the worker; if a chain does transfer them (a writer that takes
 * pixels) the buffer is detached and the file is simply read again.
 */
function framesOf(file, count, pixelsPerFrame, dtype) {
  if (!loaded || loaded.file !== file || loaded.frames[0].byteLength === 0) {
    const bytes = readFileSync(file);
    const Type = TYPES[dtype];
    const expected = count * pixelsPerFrame * Type.BYTES_PER_ELEMENT;
    if (bytes.byteLength !== expected) throw new Error(`${file}: ${bytes.byteLength} bytes, expected ${count} frames = ${expected}`);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const frames = [];
    for (let k = 0; k < count; k++) frames.push(new Type(buffer, k * pixelsPerFrame * Type.BYTES_PER_ELEMENT, pixelsPerFrame));
    loaded = { file, frames };
  }
  return loaded.frames;
}

export default {
  stages: [
    {
      kind: 'source',
      id: 'bench-frame-cycle',
      description: 'frames rendered beforehand (one raw file), cycled; the series metadata from a JSON file',
      options: {
        type: 'object',
        properties: {
          file: { type: 'string', description: 'raw little-endian pixels of `count` frames, one after the other' },
          count: { type: 'integer', minimum: 1, description: 'frames in the file' },
          meta: { type: 'string', description: 'DatasetMeta as JSON (pixelMask null; the mask comes from `mask`)' },
          mask: { type: 'string', description: 'raw uint32 pixel mask (optional)' },
          frames: { type: 'integer', minimum: 1, default: 10 },
        },
        required: ['file', 'count', 'meta'],
      },
      open: (o) => {
        const meta = JSON.parse(readFileSync(o.meta, 'utf8'));
        let pixelMask = null;
        if (o.mask) {
          const bytes = readFileSync(o.mask);
          pixelMask = new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
        }
        return { meta: { ...meta, frameCount: o.frames, detector: { ...meta.detector, pixelMask } }, encoding: null };
      },
      render: (index, { options, meta }) => {
        const frames = framesOf(options.file, options.count, meta.shape[0] * meta.shape[1], meta.dtype);
        return { index, shape: meta.shape, dtype: meta.dtype, pixels: frames[index % frames.length] };
      },
    },
  ],
};
