import {
  allocPixels,
  bytesPerPixel,
  pixelBytes,
  pixelCount,
  pixelsFromBytes,
  type CodecCatalog,
  type CodecStage,
  type ErrorContext,
  type Frame,
  type FrameInfo,
  type JsonObject,
  type PixelArray,
} from '@beamstack/contract';
import { asInputError, inputError } from '../errors.js';
import type { FileCache } from './file-cache.js';
import type { FrameFormat } from './format.js';
import { partOf, type FramePart } from './parts.js';
import { undoAppliedFilters } from './undo-filters.js';

/** Per-frame warnings beyond this many are summarised instead of repeated. */
const MAX_FRAME_WARNINGS = 10;

export interface FrameReaderPlan {
  readonly parts: readonly FramePart[];
  readonly frameCount: number;
  readonly format: FrameFormat;
  readonly files: FileCache;
  readonly codecs: CodecCatalog;
  readonly verify: boolean;
  readonly warn: (message: string, context: ErrorContext) => void;
}

/**
 * Random access to frames: frame i's chunk is located through the part table and read on its own,
 * so a subset never touches unselected frames. Chunks that cannot carry the declared encoding
 * (stored unfiltered because an optional filter was skipped, or not stored at all) are turned
 * into that encoding here, on the main thread — they are rare.
 */
export class FrameReader {
  private frameWarnings = 0;
  private encodedFill: Uint8Array | null = null;
  private readonly info: FrameInfo;
  private readonly frameBytes: number;

  constructor(private readonly plan: FrameReaderPlan) {
    this.info = { shape: plan.format.shape, dtype: plan.format.dtype };
    this.frameBytes = pixelCount(plan.format.shape) * bytesPerPixel(plan.format.dtype);
  }

  async read(index: number): Promise<Frame> {
    const { parts, frameCount } = this.plan;
    if (!Number.isSafeInteger(index) || index < 0 || index >= frameCount) {
      throw inputError(`frame ${index} does not exist (the series has ${frameCount})`, { frame: index });
    }
    const part = partOf(parts, index);
    if (!part) throw inputError(`frame ${index} is not mapped to any data`, { frame: index });
    const local = part.sourceFirstFrame + (index - part.firstFrame);
    const context: ErrorContext = { file: part.file, dataset: part.dataset, frame: index };
    if (part.kind === 'missing-file') throw inputError(`data file ${part.file} (${part.via}) does not exist`, context);
    if (part.kind === 'gap') {
      this.warnFrame(`frame ${index} is mapped to no source by the virtual dataset; filled with ${this.plan.format.fillValue}`, context);
      return this.fillFrame(index);
    }
    try {
      return this.plan.format.mode.kind === 'hdf5' ? await this.decodedByHdf5(index, part, local) : await this.fromChunk(index, part, local, context);
    } catch (error) {
      throw asInputError(error, context, 'cannot read frame');
    }
  }

  private async fromChunk(index: number, part: FramePart, local: number, context: ErrorContext): Promise<Frame> {
    const { format } = this.plan;
    const ds = await this.plan.files.dataset(part.file, part.dataset);
    const coords = format.rank === 3 ? [local, 0, 0] : [0, 0];
    const chunk = await ds.readChunk(coords);
    if (chunk === null) {
      this.warnFrame(`frame ${index} has no stored chunk; filled with the fill value ${format.fillValue}`, context);
      return this.fillFrame(index);
    }
    const encoding = format.mode.kind === 'chunks' ? format.mode.encoding : null;
    const allSkipped = (1 << format.filters.length) - 1;
    const mask = chunk.filterMask & allSkipped;
    if (encoding === null) return this.pixelFrame(index, chunk.bytes, context);
    if (mask !== 0) {
      const raw = undoAppliedFilters(chunk.bytes, format.filters, mask, this.frameBytes, bytesPerPixel(format.dtype));
      const pixels = this.checkedPixels(raw, context);
      this.warnFrame(`frame ${index} was stored with filters skipped (filter mask ${chunk.filterMask}); re-encoded as ${encoding.codec}`, context);
      return { index, ...this.info, encoded: { ...encoding, bytes: this.encode(pixels, context) } };
    }
    const bytes = owned(chunk.bytes);
    if (this.plan.verify) this.verifyChunk(bytes, context);
    return { index, ...this.info, encoded: { codec: encoding.codec, params: encoding.params, bytes } };
  }

  private async decodedByHdf5(index: number, part: FramePart, local: number): Promise<Frame> {
    const file = await this.plan.files.h5wasm(part.file);
    const view = file.frame(part.dataset, local);
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    return this.pixelFrame(index, bytes, { file: part.file, dataset: part.dataset, frame: index });
  }

  private pixelFrame(index: number, bytes: Uint8Array, context: ErrorContext): Frame {
    return { index, ...this.info, pixels: this.checkedPixels(owned(bytes), context) };
  }

  private checkedPixels(bytes: Uint8Array, context: ErrorContext): PixelArray {
    if (bytes.byteLength !== this.frameBytes) {
      throw inputError(`stored frame has ${bytes.byteLength} bytes, expected ${this.frameBytes} (${this.info.shape.join(' × ')} ${this.info.dtype})`, context);
    }
    return pixelsFromBytes(this.info.dtype, bytes);
  }

  private fillFrame(index: number): Frame {
    const { format } = this.plan;
    const pixels = allocPixels(format.dtype, pixelCount(format.shape));
    if (format.fillValue !== 0) pixels.fill(format.fillValue);
    const encoding = format.mode.kind === 'chunks' ? format.mode.encoding : null;
    if (encoding === null) return { index, ...this.info, pixels };
    this.encodedFill ??= this.encode(pixels, { frame: index });
    // Every frame owns its buffer (it is transferred to a worker).
    return { index, ...this.info, encoded: { ...encoding, bytes: this.encodedFill.slice() } };
  }

  private codec(context: ErrorContext): { codec: CodecStage; params: JsonObject } {
    const encoding = this.plan.format.mode.kind === 'chunks' ? this.plan.format.mode.encoding : null;
    const codec = encoding ? this.plan.codecs.get(encoding.codec) : undefined;
    if (!codec || !encoding) throw inputError(`codec ${encoding?.codec ?? '?'} is not loaded`, { ...context, codec: encoding?.codec ?? '' });
    return { codec, params: encoding.params };
  }

  private encode(pixels: PixelArray, context: ErrorContext): Uint8Array {
    const { codec, params } = this.codec(context);
    try {
      return owned(codec.encode(pixels, this.info, { options: params }));
    } catch (error) {
      throw asInputError(error, { ...context, codec: codec.id }, `cannot re-encode the frame as ${codec.id}`);
    }
  }

  private verifyChunk(bytes: Uint8Array, context: ErrorContext): void {
    const { codec, params } = this.codec(context);
    try {
      const pixels = codec.decode(bytes, this.info, { options: params });
      if (pixelBytes(pixels).byteLength !== this.frameBytes) throw new Error(`decoded to ${pixels.byteLength} bytes, expected ${this.frameBytes}`);
    } catch (error) {
      // INPUT, not DECODE: with verify the fault is reported as the input file's, with its place.
      const detail = error instanceof Error ? error.message : String(error);
      throw inputError(`stored ${codec.id} chunk does not decode: ${detail}`, { ...context, codec: codec.id }, error);
    }
  }

  private warnFrame(message: string, context: ErrorContext): void {
    this.frameWarnings++;
    if (this.frameWarnings <= MAX_FRAME_WARNINGS) this.plan.warn(`eiger: ${message}`, context);
    if (this.frameWarnings === MAX_FRAME_WARNINGS) this.plan.warn('eiger: further frames of this kind are not reported one by one', { file: context.file ?? '' });
  }
}

/** The bytes in a buffer of their own (frames are transferred to workers whole). */
function owned(bytes: Uint8Array): Uint8Array {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return bytes;
  return bytes.slice();
}
