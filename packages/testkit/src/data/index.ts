/*
 * Deterministic test data shared by the codec and LZ4 tests and benchmarks
 * (`@beamstack/testkit/data`): seeded generators, an Eiger-like frame, a reference bitshuffle,
 * sample pixel patterns and the record files that carry byte strings to Python in one batch.
 */
export { bitshuffleReference, bitunshuffleReference, shuffledBlocks } from './bitshuffle-reference.js';
export { GAP_VALUE_U32, eigerLikeFrame } from './eiger-frame.js';
export { readGoldenChunks, type GoldenChunk } from './golden-chunks.js';
export { SAMPLE_PATTERNS, samplePixels, sameBytes, type SamplePattern } from './pixels.js';
export { prng, randomBytes } from './prng.js';
export { PY_HDF5_CHUNKS } from './py-hdf5-chunks.js';
export { PY_RECORDS, readRecords, writeRecords } from './records.js';
