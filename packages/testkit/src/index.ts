export * from './interop.js';
export { writeNpy } from './npy.js';
export { testMeta, type TestMetaOptions } from './meta.js';
export * from './conformance/index.js';
export * from './cli.js';
