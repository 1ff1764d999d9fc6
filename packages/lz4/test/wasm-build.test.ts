import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

it('the committed assembly/lz4.wasm is exactly what its AssemblyScript sources compile to', () => {
  const run = spawnSync(process.execPath, [join(packageDir, 'scripts', 'build-wasm.mjs'), '--check'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/matches its sources/);
});
