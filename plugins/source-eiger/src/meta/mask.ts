import type { MetaInput } from './context.js';
import { under } from './locate.js';

/**
 * The NXmx pixel mask: NXdetector/pixel_mask, else detectorSpecific/pixel_mask (DECTRIS), as
 * uint32 (H×W). A mask of another integer type is widened (negative values wrap as uint32 bit
 * fields); one of the wrong shape is dropped with a warning.
 */
export function readPixelMask(input: MetaInput): Uint32Array | null {
  const { fields, paths, shape } = input;
  const [H, W] = shape;
  const read = (path: string | null): Uint32Array | null => {
    if (path === null) return null;
    const info = fields.file.info(path);
    if (!info) return null;
    if (info.typeClass !== 0) {
      fields.notes.warn(`pixel mask is not an integer dataset; ignored`, { dataset: path });
      return null;
    }
    const dims = info.shape.filter((d, i) => !(d === 1 && info.shape.length > 2 && i === 0));
    if (dims.length !== 2 || dims[0] !== H || dims[1] !== W) {
      fields.notes.warn(`pixel mask has shape [${info.shape.join(', ')}], the frames [${H}, ${W}]; ignored`, { dataset: path });
      return null;
    }
    const values = fields.file.array(path);
    if (!values) return null;
    if (values instanceof Uint32Array) return values.byteOffset === 0 && values.length === values.buffer.byteLength / 4 ? values : values.slice();
    const out = new Uint32Array(H * W);
    const src = values as unknown as ArrayLike<number | bigint>;
    for (let i = 0; i < out.length; i++) out[i] = Number(src[i]!) >>> 0;
    return out;
  };
  const nx = read(under(paths.detector, 'pixel_mask'));
  const dectrisPath = under(paths.detectorSpecific, 'pixel_mask');
  const dectris = nx === null ? read(dectrisPath) : null;
  if (nx !== null && dectrisPath !== null && fields.file.kind(dectrisPath) === 'dataset') {
    const other = read(dectrisPath);
    if (other && !sameMask(nx, other)) {
      fields.notes.warn('NXdetector/pixel_mask and detectorSpecific/pixel_mask differ; using NXdetector/pixel_mask', { dataset: dectrisPath });
    }
  }
  return nx ?? dectris;
}

function sameMask(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false;
  // A byte comparison (memcmp) instead of a 4–18 M element loop.
  return Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;
}
