import type { JsonObject } from '@beamstack/contract';

/** The manifest's file name inside a bundle folder. */
export const MANIFEST_NAME = 'MANIFEST.json';

export const MANIFEST_FORMAT = 'beamstack-bundle';
export const MANIFEST_VERSION = 1;

/** One file of the bundle as the manifest records it. */
export interface BundleFileEntry {
  /** Relative to the bundle folder, '/' separators, no '.' or '..' segments. */
  path: string;
  bytes: number;
  /** Lowercase hex. */
  sha256: string;
  /** 'master' | 'data' | 'frame' | 'readme' (NXmx data files must give `frames`). */
  role: string;
  /** Frames the file holds (NXmx data files: required; CBF frame files: 1 when given). */
  frames?: number;
}

export interface BundleOutput {
  format: 'nxmx' | 'cbf';
  frames: number;
  /** [height, width] of one frame. */
  shape: [number, number];
  dtype: string;
  codec: string;
  /** NXmx: the master file's path in the bundle (required for nxmx). */
  master?: string;
}

export interface BundleFrameCounts {
  in: number;
  out: number;
  outAsSource: number;
  dropped: number;
}

export interface BundleSourceFile {
  path: string;
  bytes: number;
  sha256: string;
}

export interface BundleSource {
  input: string;
  frames: number;
  files: BundleSourceFile[];
}

export interface BundleStage {
  use: string;
  /** name@version of the plugin that provided the stage. */
  plugin: string;
  options: JsonObject;
}

export interface BundleManifest {
  format: 'beamstack-bundle';
  version: 1;
  /** ISO 8601 time. */
  created: string;
  /** e.g. '@beamstack/host@0.1.0'. */
  tool: string;
  output: BundleOutput;
  frames: BundleFrameCounts;
  source: BundleSource;
  stack: { name: string; stages: BundleStage[] };
  /** Every file of the bundle except MANIFEST.json itself (README.txt included). */
  files: BundleFileEntry[];
}
