import { afterEach, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

it('BEAMSTACK_NO_WASM=1 makes the codec use the TypeScript kernel, with the same chunks', async () => {
  const withWasm = await import('../src/index.js');
  vi.resetModules();
  vi.stubEnv('BEAMSTACK_NO_WASM', '1');
  const withoutWasm = await import('../src/index.js');
  expect(withoutWasm.wasmKernel).toBeNull();
  expect(withoutWasm.bslz4Kernel.name).toBe('typescript');
  expect(withoutWasm.bslz4WasmUnavailable).toMatch(/BEAMSTACK_NO_WASM/);
  const pixels = new Uint32Array(4096 + 5).map((_, i) => (i * 2654435761) >>> 28);
  const info = { shape: [1, pixels.length] as const, dtype: 'uint32' as const };
  const ctx = { options: { blockSize: 0 } };
  const a = withWasm.bslz4Codec.encode(pixels, info, ctx);
  const b = withoutWasm.bslz4Codec.encode(pixels, info, ctx);
  expect(Buffer.compare(a, b)).toBe(0);
  expect(Array.from(withoutWasm.bslz4Codec.decode(a, info, ctx))).toEqual(Array.from(pixels));
});
