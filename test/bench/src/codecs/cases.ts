import { defaultParams } from '@beamstack/testkit';
import type { CodecStage, JsonObject } from '@beamstack/contract';

/** One codec configuration to time, and the native row of bench_codecs.py it compares with. */
export interface BenchCase {
  readonly codec: CodecStage;
  readonly label: string;
  readonly params: JsonObject;
  /** Frames are uint32 as detectors write them; int32 (masked → −1) for CBF-style codecs. */
  readonly dtype: 'uint32' | 'int32';
  /** Row name in bench_codecs.py's results; `decode: false` when the row has no decompress figure. */
  readonly native?: { readonly row: string; readonly decode: boolean };
  /** Compare with node:zlib at this level, on the bytes the codec deflates. */
  readonly zlib?: { readonly level: number; readonly shuffle: boolean };
}

/**
 * What to time for each codec. Codecs not named here are timed with their defaults and no
 * native column, so a new codec shows up in the bench without any change.
 */
export function benchCases(codec: CodecStage): BenchCase[] {
  const defaults = defaultParams(codec.options) ?? {};
  const dtype = codec.dtypes.includes('uint32') ? 'uint32' : 'int32';
  const base = { codec, dtype } as const;
  switch (codec.id) {
    case 'bslz4':
      return [{ ...base, label: 'bslz4', params: defaults, native: { row: 'bslz4 (bitshuffle module)', decode: true } }];
    case 'lz4':
      return [
        { ...base, label: 'lz4 one block per frame', params: { ...defaults, blockSize: 0 }, native: { row: 'lz4 block (default, acc=1)', decode: true } },
        { ...base, label: 'lz4 8 KiB blocks', params: { ...defaults, blockSize: 8192 }, native: { row: 'lz4 HDF5 8KiB blocks (py loop)', decode: true } },
      ];
    case 'deflate':
      return [
        { ...base, label: 'deflate level 1 + shuffle', params: { ...defaults, level: 1, shuffle: true }, native: { row: 'shuffle+deflate 1 (numpy shuf)', decode: true }, zlib: { level: 1, shuffle: true } },
        { ...base, label: 'deflate level 1', params: { ...defaults, level: 1, shuffle: false }, native: { row: 'deflate level 1', decode: true }, zlib: { level: 1, shuffle: false } },
      ];
    case 'byte-offset':
      // CBF stores int32 with masked pixels as −1, as fabio's codec is measured.
      return [{ ...base, dtype: codec.dtypes.includes('int32') ? 'int32' : dtype, label: 'byte-offset (int32)', params: defaults, native: { row: 'CBF byte_offset (fabio codec only)', decode: true } }];
    case 'none':
      return [{ ...base, label: 'none', params: defaults, native: { row: 'memcpy (np.copyto)', decode: false } }];
    default:
      return [{ ...base, label: codec.id, params: defaults }];
  }
}
