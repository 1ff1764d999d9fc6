import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Hdf5Reader } from '@beamstack/hdf5';
// dist, not src: hashFiles starts worker threads from the compiled hash worker.
import { hashFiles, writeManifest, type BundleFileEntry, type BundleManifest } from '../dist/index.js';

export const REPO = resolve(import.meta.dirname, '..', '..', '..');
export const CLI = join(REPO, 'host', 'dist', 'cli', 'main.js');

/** The fixture series: 6 simulated 256x256 uint32 frames, bslz4, 2 frames per NXmx data file. */
export const FRAMES = 6;
export const SHAPE: [number, number] = [256, 256];
export const FRAMES_PER_FILE = 2;

const SIM_STACK = `name: bundle-fixture
stages:
  - use: simulate
    with: { detector: small, frames: ${FRAMES}, seed: 7 }
  - use: bslz4
  - use: nxmx
    with: { prefix: input, framesPerFile: 3 }
`;

export function beamstack(args: readonly string[], cwd: string): string {
  return execFileSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function tempRoot(): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'beamstack-bundle-'));
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/**
 * Real bundles made by the real writers: a simulated series converted by `beamstack convert` to
 * NXmx (`root/nxmx`) and to CBF (`root/cbf`), each with a README.txt and a MANIFEST.json written
 * with this package's own hashFiles + writeManifest.
 */
export async function makeBundles(root: string): Promise<{ nxmx: string; cbf: string }> {
  await writeFile(join(root, 'sim.yaml'), SIM_STACK);
  beamstack(['run', 'sim.yaml', '--out', 'input', '--workers', '1'], root);
  const nxmx = join(root, 'nxmx');
  const cbf = join(root, 'cbf');
  beamstack(['convert', 'input/input_master.h5', 'nxmx/series', '--frames-per-file', String(FRAMES_PER_FILE), '--workers', '1'], root);
  beamstack(['convert', 'input/input_master.h5', 'cbf/series_######.cbf', '--workers', '1'], root);
  for (const dir of [nxmx, cbf]) await writeFile(join(dir, 'README.txt'), 'Test bundle.\n');
  await writeTestManifest(nxmx, 'nxmx');
  await writeTestManifest(cbf, 'cbf');
  return { nxmx, cbf };
}

function roleOf(name: string): string {
  if (name === 'README.txt') return 'readme';
  if (name.endsWith('_master.h5')) return 'master';
  return name.endsWith('.cbf') ? 'frame' : 'data';
}

/** Lists, hashes and describes every visible file of `dir` in a manifest (what an export does last). */
export async function writeTestManifest(dir: string, format: 'nxmx' | 'cbf', edit: (m: BundleManifest) => void = () => {}): Promise<BundleManifest> {
  const names = (await readdir(dir)).filter((n) => n !== 'MANIFEST.json' && !n.startsWith('.')).sort();
  const digests = await hashFiles(names.map((n) => join(dir, n)), { threads: 2 });
  const files: BundleFileEntry[] = names.map((name) => {
    const digest = digests.get(join(dir, name))!;
    const role = roleOf(name);
    const frames = role === 'data' ? FRAMES_PER_FILE : role === 'frame' ? 1 : undefined;
    return { path: name, bytes: digest.bytes, sha256: digest.sha256, role, ...(frames !== undefined ? { frames } : {}) };
  });
  const manifest: BundleManifest = {
    format: 'beamstack-bundle',
    version: 1,
    created: new Date().toISOString(),
    tool: '@beamstack/bundle-test@0.0.0',
    output: {
      format,
      frames: FRAMES,
      shape: SHAPE,
      dtype: format === 'cbf' ? 'int32' : 'uint32',
      codec: format === 'cbf' ? 'byte-offset' : 'bslz4',
      ...(format === 'nxmx' ? { master: 'series_master.h5' } : {}),
    },
    frames: { in: FRAMES, out: FRAMES, outAsSource: FRAMES, dropped: 0 },
    source: { input: 'input/input_master.h5', frames: FRAMES, files: [{ path: 'input/input_master.h5', bytes: 1, sha256: '0'.repeat(64) }] },
    stack: { name: 'convert', stages: [{ use: 'eiger', plugin: '@beamstack/source-eiger@0.1.0', options: { path: 'input/input_master.h5' } }] },
    files,
  };
  edit(manifest);
  await writeManifest(dir, manifest);
  return manifest;
}

/** A fresh copy of a bundle to damage. */
export async function copyBundle(src: string, dst: string): Promise<string> {
  await rm(dst, { recursive: true, force: true });
  await mkdir(dst, { recursive: true });
  await cp(src, dst, { recursive: true });
  return dst;
}

/** Inverts one byte of a file. */
export async function flipByte(file: string, offset: number): Promise<void> {
  const bytes = await readFile(file);
  if (offset < 0 || offset >= bytes.length) throw new RangeError(`offset ${offset} is outside ${file}`);
  bytes[offset] = bytes[offset]! ^ 0xff;
  await writeFile(file, bytes);
}

/** Where the stored chunk of frame `frame` of an NXmx data file starts in the file. */
export async function chunkOffset(file: string, frame: number): Promise<{ offset: number; length: number }> {
  const reader = await Hdf5Reader.open(file);
  try {
    const chunk = await (await reader.dataset('/entry/data/data')).readFrameChunk(frame);
    if (!chunk) throw new Error(`frame ${frame} of ${file} has no stored chunk`);
    const offset = (await readFile(file)).indexOf(Buffer.from(chunk.bytes));
    if (offset < 0) throw new Error(`chunk of frame ${frame} not found in ${file}`);
    return { offset, length: chunk.bytes.length };
  } finally {
    await reader.close();
  }
}
