import type { DType, Hdf5Filter } from '@beamstack/contract';

export type FindingCode = 'manifest' | 'missing' | 'size' | 'checksum' | 'frames' | 'link' | 'decode' | 'extra' | 'partial';

/** One thing wrong with a bundle. `file` is a bundle path ('/' separators) when one file is at fault. */
export interface Finding {
  code: FindingCode;
  file?: string;
  message: string;
}

export interface VerifyReport {
  /** True when there are no findings. */
  ok: boolean;
  dir: string;
  deep: boolean;
  /** Files the manifest lists (0 when it cannot be read). */
  files: number;
  /** Frames found in the data (NXmx: sum of the data files' frame counts; CBF: frame files present). */
  frames: number;
  findings: Finding[];
}

export interface FrameDescription {
  shape: [number, number];
  dtype: DType;
}

/**
 * Decodes stored chunks for deep verification; the host backs it with its codec plugins, so this
 * package needs none. Both methods throw on bad data (any error becomes a 'decode' finding).
 */
export interface ChunkDecoder {
  /** A chunk stored with this HDF5 filter pipeline (only the filters applied to this chunk). */
  decode(filters: readonly Hdf5Filter[], bytes: Uint8Array, frame: FrameDescription): void;
  /** Data of a codec named by its id; CBF payloads use 'byte-offset'. Needed for deep CBF checks. */
  decodeCodec?(codec: string, bytes: Uint8Array, frame: FrameDescription): void;
}

export interface VerifyOptions {
  /** Also read and decode every chunk / frame (needs `decoder`). */
  deep: boolean;
  decoder?: ChunkDecoder;
  /** Hash threads (default: cores, at most 4). */
  threads?: number;
}
