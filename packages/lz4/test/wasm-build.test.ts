import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { run } from '@beamstack/testkit';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

it('the committed assembly/lz4.wasm is exactly what its AssemblyScript sources compile to', () => {
  const r = run(process.execPath, [join(packageDir, 'scripts', 'build-wasm.mjs'), '--check']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/assembly\/lz4\.wasm matches its sources/);
});
