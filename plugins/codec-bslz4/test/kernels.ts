import { expect, it } from 'vitest';
import { bslz4WasmUnavailable, typescriptKernel, wasmKernel, type Bslz4Kernel } from '../src/index.js';

/** Both kernels; the wasm one must load unless BEAMSTACK_NO_WASM=1 asks otherwise. */
export function allKernels(): Bslz4Kernel[] {
  return wasmKernel === null ? [typescriptKernel] : [typescriptKernel, wasmKernel];
}

export const kernelCases = (): (readonly [string, Bslz4Kernel])[] => allKernels().map((kernel) => [kernel.name, kernel] as const);

/** A test that fails when the wasm kernel did not load in a run that expects it. */
export function itHasWasmKernel(): void {
  it('loads the wasm kernel (unless BEAMSTACK_NO_WASM=1)', () => {
    if (process.env['BEAMSTACK_NO_WASM'] === '1') return;
    expect(bslz4WasmUnavailable).toBe('');
    expect(wasmKernel?.name).toBe('wasm');
  });
}
