import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { run } from '@beamstack/testkit';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The one wasm build script, shared with @beamstack/lz4 (bslz4.wasm includes its LZ4 code). */
const buildScript = join(packageDir, 'node_modules', '@beamstack', 'lz4', 'scripts', 'build-wasm.mjs');

it('the committed assembly/bslz4.wasm is exactly what its AssemblyScript sources compile to', () => {
  const r = run(process.execPath, [buildScript, '--dir', packageDir, '--out', 'assembly/bslz4.wasm', '--check']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/assembly\/bslz4\.wasm matches its sources/);
});
