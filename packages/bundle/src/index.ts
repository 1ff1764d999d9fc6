export {
  MANIFEST_NAME,
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  type BundleManifest,
  type BundleFileEntry,
  type BundleOutput,
  type BundleFrameCounts,
  type BundleSource,
  type BundleSourceFile,
  type BundleStage,
} from './manifest.js';
export { readManifest, writeManifest, MAX_MANIFEST_BYTES } from './manifest-io.js';
export { sha256File, hashFiles } from './hash.js';
export { bundlePathProblem, isPartialName } from './paths.js';
export { verifyBundle } from './verify/verify.js';
export { CBF_CODEC } from './verify/cbf.js';
export { DATA_PATH } from './verify/nxmx.js';
export type { ChunkDecoder, Finding, FindingCode, FrameDescription, VerifyOptions, VerifyReport } from './verify/types.js';
