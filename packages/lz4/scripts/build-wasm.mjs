#!/usr/bin/env node
/*
 * Builds assembly/lz4.wasm from the AssemblyScript sources in assembly/ with the pinned
 * compiler (devDependency assemblyscript). The .wasm is committed, so installing and building
 * the repository never needs this step.
 *   node scripts/build-wasm.mjs           rebuild and write assembly/lz4.wasm
 *   node scripts/build-wasm.mjs --check   rebuild in memory; exit 1 if the committed file differs
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = 'assembly/index.ts';
const output = 'assembly/lz4.wasm';

/** Every flag that affects the bytes; keep in sync with the README. */
const FLAGS = ['-O3', '--runtime', 'stub', '--noAssert', '--enable', 'simd', '--initialMemory', '1'];

async function compile() {
  // Relative paths keep the build independent of where the repository lives.
  process.chdir(packageDir);
  let binary = null;
  const errors = [];
  const { error } = await asc.main([entry, '--outFile', output, ...FLAGS], {
    readFile: (name, baseDir) => {
      try {
        return readFileSync(join(baseDir, name), 'utf8');
      } catch {
        return null;
      }
    },
    writeFile: (name, contents) => {
      if (name.endsWith('.wasm')) binary = contents;
    },
    listFiles: () => [],
    stdout: { write: () => true },
    stderr: { write: (text) => (errors.push(String(text)), true) },
  });
  if (error || binary === null) throw new Error(`asc failed: ${error?.message ?? 'no output'}\n${errors.join('')}`);
  return binary;
}

const built = await compile();
const target = join(packageDir, output);
if (process.argv.includes('--check')) {
  const committed = new Uint8Array(readFileSync(target));
  if (Buffer.compare(committed, built) !== 0) {
    console.error(`${output} is stale: rebuilding from assembly/ gives ${built.length} bytes that differ from the committed ${committed.length}. Run: pnpm --filter @beamstack/lz4 build:wasm`);
    process.exit(1);
  }
  console.log(`${output} matches its sources (${built.length} bytes)`);
} else {
  writeFileSync(target, built);
  console.log(`wrote ${output} (${built.length} bytes)`);
}
