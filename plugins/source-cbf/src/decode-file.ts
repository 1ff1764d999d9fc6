import { maskFromCbfValues, metaFromCbf, parseCbf, type ParsedCbf, type SeriesFacts } from '@beamstack/cbf';
import type { DatasetMeta, FrameInfo, JsonObject, PixelArray } from '@beamstack/contract';
import { verifiedByteOffsetCodec } from './codec.js';

/** The codec params a frame of `parsed` travels with: its file, and its Content-MD5 when checked. */
export function frameParams(parsed: ParsedCbf, file: string, verify: boolean): JsonObject {
  return verify && parsed.binary.md5 !== null ? { md5: parsed.binary.md5, file } : { file };
}

export function frameInfo(parsed: ParsedCbf): FrameInfo {
  return { shape: [parsed.binary.second, parsed.binary.fastest], dtype: parsed.binary.dtype };
}

/**
 * One CBF file's bytes to pixels on the calling thread, through exactly the code a run uses (the
 * source's strict parse on the main thread, then the `byte-offset-md5` decode of a worker).
 * Errors are BeamstackErrors naming `file`: INPUT for the file's structure or a wrong MD5,
 * DECODE for a payload that does not decode.
 */
export function decodeCbfFile(bytes: Uint8Array, file: string, options: { readonly verify?: boolean } = {}): { parsed: ParsedCbf; pixels: PixelArray } {
  const parsed = parseCbf(bytes, file);
  const pixels = verifiedByteOffsetCodec.decode(parsed.payload, frameInfo(parsed), { options: frameParams(parsed, file, options.verify ?? true) });
  return { parsed, pixels };
}

export interface CbfFileReading {
  readonly parsed: ParsedCbf;
  readonly pixels: PixelArray;
  /** The series description this file gives as the first file of a series. */
  readonly meta: DatasetMeta;
  readonly warnings: readonly string[];
}

/**
 * What the source does with the first file of a series: parse, MD5 check and decode, the pixel
 * mask from its −1/−2 values, and the DatasetMeta from its header. Same errors as decodeCbfFile,
 * plus INPUT for header lines the description needs.
 */
export function readCbfFile(
  bytes: Uint8Array,
  file: string,
  options: { readonly verify?: boolean; readonly series?: Omit<SeriesFacts, 'pixelMask'> } = {},
): CbfFileReading {
  const { parsed, pixels } = decodeCbfFile(bytes, file, options);
  const series = options.series ?? { frameCount: 1, frameOffsets: null, inputs: [] };
  const { meta, warnings } = metaFromCbf(parsed, file, { ...series, pixelMask: maskFromCbfValues(pixels) });
  return { parsed, pixels, meta, warnings };
}
