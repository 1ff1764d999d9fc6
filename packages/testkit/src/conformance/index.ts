export { codecConformance, DEFAULT_SHAPES, type CodecConformanceOptions } from './codec.js';
export { ConformanceError, runChecks, type CheckResult, type ConformanceCheck } from './check.js';
export { attemptDecode, isPixelArrayOf, namesCodec, hexPreview, type AttemptOptions, type DecodeOutcome } from './outcome.js';
export { PIXEL_PATTERNS, patternPixels, type PixelPattern } from './patterns.js';
export { SeededRandom, mixSeed, hashString } from './random.js';
export { defaultParams, paramVariants, schemaProblems } from './schema.js';
