export { CONTRACT_VERSION } from './version.js';
export * from './dtype.js';
export * from './errors.js';
export * from './frame.js';
export type * from './json.js';
export * from './meta.js';
export * from './options.js';
export * from './plugin.js';
export * from './stages.js';
