/**
 * The count rules and kernel views shared with other counting transforms (transform-bin), as the
 * subpath export `@beamstack/transform-sum/counts`: one definition of overload, marker and
 * overflow handling for every stage that adds pixels together.
 */
export * from './counts.js';
export { kernelView, kernelRule, allocCounts } from './views.js';
export { highBitsBelow, type KernelArray, type KernelRule } from './kernel.js';
