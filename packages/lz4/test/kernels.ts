import { expect, it } from 'vitest';
import { lz4WasmUnavailable, typescriptLz4Kernel, wasmLz4Kernel, type Lz4Kernel } from '../src/index.js';

/** Both kernels; the wasm one must load unless BEAMSTACK_NO_WASM=1 asks otherwise. */
export function allKernels(): Lz4Kernel[] {
  return wasmLz4Kernel === null ? [typescriptLz4Kernel] : [typescriptLz4Kernel, wasmLz4Kernel];
}

/** A test that fails when the wasm kernel did not load in a run that expects it. */
export function itHasWasmKernel(): void {
  it('loads the wasm kernel (unless BEAMSTACK_NO_WASM=1)', () => {
    if (process.env['BEAMSTACK_NO_WASM'] === '1') return;
    expect(lz4WasmUnavailable).toBe('');
    expect(wasmLz4Kernel?.name).toBe('wasm');
  });
}
