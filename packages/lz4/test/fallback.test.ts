import { afterEach, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

it('BEAMSTACK_NO_WASM=1 selects the TypeScript kernel, which gives the same bytes', async () => {
  const withWasm = await import('../src/index.js');
  vi.resetModules();
  vi.stubEnv('BEAMSTACK_NO_WASM', '1');
  const withoutWasm = await import('../src/index.js');
  expect(withoutWasm).not.toBe(withWasm);
  expect(withoutWasm.wasmLz4Kernel).toBeNull();
  expect(withoutWasm.lz4Kernel.name).toBe('typescript');
  expect(withoutWasm.lz4WasmUnavailable).toMatch(/BEAMSTACK_NO_WASM/);
  const data = new Uint8Array(50_000).map((_, i) => (i % 251) & (i >> 9));
  const a = withWasm.encodeFramedBlocks(data, 8192, { storeRaw: true });
  const b = withoutWasm.encodeFramedBlocks(data, 8192, { storeRaw: true });
  expect(Buffer.compare(a, b)).toBe(0);
});
