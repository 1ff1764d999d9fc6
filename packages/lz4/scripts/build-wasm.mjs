#!/usr/bin/env node
/*
 * Builds a package's committed .wasm from its AssemblyScript sources (assembly/index.ts) with the
 * pinned compiler (devDependency assemblyscript). Used for assembly/lz4.wasm here and for
 * @beamstack/codec-bslz4's assembly/bslz4.wasm (whose sources import @beamstack/lz4/assembly,
 * resolved through that package's node_modules). The .wasm files are committed, so installing
 * and building the repository never needs this step.
 *   node scripts/build-wasm.mjs [--dir DIR] [--out FILE]           rebuild and write DIR/FILE
 *   node scripts/build-wasm.mjs [--dir DIR] [--out FILE] --check   rebuild in memory; exit 1 if the committed file differs
 * DIR is the package to build (default: this one); FILE is relative to it (default: assembly/lz4.wasm).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const args = process.argv.slice(2);

/** The value after `--name`, or `fallback` when the option is absent. */
function option(name, fallback) {
  const at = args.indexOf(name);
  if (at === -1) return fallback;
  const value = args[at + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
}

const packageDir = resolve(option('--dir', join(dirname(fileURLToPath(import.meta.url)), '..')));
const packageName = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).name;
const entry = 'assembly/index.ts';
const output = option('--out', 'assembly/lz4.wasm');

/** Every flag that affects the bytes; keep in sync with the READMEs. */
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
if (args.includes('--check')) {
  const committed = new Uint8Array(readFileSync(target));
  if (Buffer.compare(committed, built) !== 0) {
    console.error(`${output} is stale: rebuilding from assembly/ gives ${built.length} bytes that differ from the committed ${committed.length}. Run: pnpm --filter ${packageName} build:wasm`);
    process.exit(1);
  }
  console.log(`${output} matches its sources (${built.length} bytes)`);
} else {
  writeFileSync(target, built);
  console.log(`wrote ${output} (${built.length} bytes)`);
}
