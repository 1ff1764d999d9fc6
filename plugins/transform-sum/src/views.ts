import { allocPixels, type PixelArray } from '@beamstack/contract';
import { countMarker, type CountDType } from './counts.js';
import { highBitsBelow, type KernelArray, type KernelRule } from './kernel.js';

/** The kernel's view of count pixels: uint32 as Int32Array over the same bytes (see kernel.ts). */
export function kernelView(pixels: PixelArray): KernelArray {
  if (pixels instanceof Uint32Array) return new Int32Array(pixels.buffer, pixels.byteOffset, pixels.length);
  if (pixels instanceof Uint8Array || pixels instanceof Uint16Array) return pixels;
  throw new TypeError(`count kernels take uint8, uint16 or uint32 pixels, not ${pixels.constructor.name}`);
}

/** A marker or threshold as the kernel view of `dtype` holds it (uint32 2^32 − 1 → −1). */
function inView(dtype: CountDType, value: number): number {
  return dtype === 'uint32' ? value | 0 : value;
}

/**
 * The rule in the kernels' number domain. `untrusted` comes from `untrustedFrom`, at most 2^31
 * for uint32, so an unsigned compare of the Int32Array view decides it exactly.
 */
export function kernelRule(input: CountDType, output: CountDType, untrusted: number, cap: number): KernelRule {
  return {
    untrusted,
    marker: inView(input, countMarker(input)),
    cap,
    outMarker: inView(output, countMarker(output)),
    // Fast paths (kernel.ts): a running sum below Q <= cap/2 plus two inputs below P <= cap/4
    // stays below cap, and so do three inputs; P <= S keeps them trusted.
    high: highBitsBelow(Math.min(untrusted, cap / 4)),
    accHigh: highBitsBelow(cap / 2),
  };
}

/** Zeroed output pixels and the kernel's view of them. */
export function allocCounts(dtype: CountDType, count: number): { pixels: PixelArray; view: KernelArray } {
  const pixels = allocPixels(dtype, count);
  return { pixels, view: kernelView(pixels) };
}
