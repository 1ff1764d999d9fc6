import { BeamstackError, ErrorCodes, bytesPerPixel, dtypeOf, pixelBytes, type DatasetMeta, type Encoding, type Frame, type Hdf5Filter, type WriterContext } from '@beamstack/contract';
import { sameFilters } from './compression.js';

/** What every frame of a run must match: fixed at open from the metadata and `ctx.encoding`. */
export class FrameForm {
  private readonly paramsKey: string;
  private readonly frameBytes: number;

  constructor(
    private readonly meta: DatasetMeta,
    private readonly encoding: Encoding | null,
    private readonly filters: readonly Hdf5Filter[],
    private readonly ctx: WriterContext,
  ) {
    this.paramsKey = encoding ? JSON.stringify(encoding.params) : '';
    const [H, W] = meta.shape;
    this.frameBytes = H * W * bytesPerPixel(meta.dtype);
  }

  /** The bytes to store for this frame (pixels or the codec's chunk), after checking its form. */
  chunkOf(frame: Frame): Uint8Array {
    const { meta, encoding } = this;
    const context = { frame: frame.index, stage: 'nxmx' };
    if (frame.shape[0] !== meta.shape[0] || frame.shape[1] !== meta.shape[1] || frame.dtype !== meta.dtype) {
      throw new BeamstackError(
        ErrorCodes.INPUT,
        `frame is ${frame.dtype} [${frame.shape.join(', ')}], the dataset is ${meta.dtype} [${meta.shape.join(', ')}]`,
        context,
      );
    }
    if (encoding === null) {
      const pixels = frame.pixels;
      if (!pixels) throw new BeamstackError(ErrorCodes.INPUT, 'expected pixels, got an encoded frame', context);
      if (dtypeOf(pixels) !== meta.dtype || pixels.byteLength !== this.frameBytes) {
        throw new BeamstackError(ErrorCodes.INPUT, `pixel array does not hold ${meta.shape.join('x')} ${meta.dtype} values`, context);
      }
      return pixelBytes(pixels);
    }
    const encoded = frame.encoded;
    if (!encoded) throw new BeamstackError(ErrorCodes.INPUT, `expected ${encoding.codec} chunks, got pixels`, context);
    if (encoded.codec !== encoding.codec) {
      throw new BeamstackError(ErrorCodes.INPUT, `expected ${encoding.codec} chunks, got ${encoded.codec}`, { ...context, codec: encoded.codec });
    }
    if (JSON.stringify(encoded.params) !== this.paramsKey) {
      const filters = this.ctx.codecs.get(encoded.codec)?.hdf5?.filters(meta.dtype, encoded.params);
      if (!filters || !sameFilters(filters, this.filters)) {
        throw new BeamstackError(ErrorCodes.INPUT, `chunk params ${JSON.stringify(encoded.params)} need a different HDF5 filter pipeline than the file has`, {
          ...context,
          codec: encoded.codec,
        });
      }
    }
    return encoded.bytes;
  }
}
