import { createHash } from 'node:crypto';
import { basename, join, relative, sep } from 'node:path';
import { BeamstackError, ErrorCodes, type JsonObject } from '@beamstack/contract';
import { hashFiles, writeManifest, type BundleFileEntry, type BundleManifest } from '@beamstack/bundle';
import { writeAtomically } from '@beamstack/files';
import type { RunSummary } from '../pipeline/summary.js';
import type { ResolvedStack } from '../stack/resolve.js';
import { HOST_ID } from '../version.js';
import { bundleReadme } from './readme.js';

export const README_NAME = 'README.txt';
export const SUMS_NAME = 'SHA256SUMS';

export interface BundleTarget {
  readonly dir: string;
  readonly format: 'nxmx' | 'cbf';
  readonly input: string;
  readonly prefix: string;
  /** nxmx: frames per data file (to record each data file's frame count). */
  readonly framesPerFile: number;
  /** cbf: digits of the frame number in the names. */
  readonly digits: number;
}

function bundlePath(dir: string, path: string): string {
  const rel = relative(dir, path);
  if (rel.startsWith('..') || rel === '' || rel.includes(`..${sep}`)) {
    throw new BeamstackError(ErrorCodes.INTERNAL, `output ${path} lies outside the bundle ${dir}`, { file: path });
  }
  return rel.split(sep).join('/');
}

/** Frames in each output file: data files hold framesPerFile each (the last the rest); CBF files one. */
function framesOf(target: BundleTarget, name: string, role: string, total: number): number | undefined {
  if (role === 'frame') return 1;
  if (role !== 'data') return undefined;
  const m = /_data_(\d+)\.h5$/.exec(name);
  if (!m) return undefined;
  const k = Number(m[1]);
  return Math.max(0, Math.min(target.framesPerFile, total - (k - 1) * target.framesPerFile));
}

/**
 * Completes a bundle after a successful run: README.txt, checksums of every file (hashed in worker
 * threads), SHA256SUMS, and MANIFEST.json last, so a bundle with a manifest is a whole bundle.
 */
export async function finishBundle(target: BundleTarget, stack: ResolvedStack, summary: RunSummary, threads: number): Promise<BundleManifest> {
  const totalFrames = summary.frames.out + summary.frames.resumed;
  const created = new Date().toISOString();
  const stages = stack.stages.map((s) => ({ use: s.stage.id, plugin: `${s.plugin.name}@${s.plugin.version}`, options: s.options as JsonObject }));
  const output = summary.output!;
  const codec = target.format === 'cbf' ? 'byte-offset' : (output.codec ?? 'none');
  const master = summary.outputs.find((o) => o.role === 'master');
  const first = summary.outputs.map((o) => basename(o.path)).sort()[0] ?? '';
  const template = target.format === 'cbf' ? `${target.prefix}_${'?'.repeat(target.digits)}.cbf` : null;
  const readme = bundleReadme({
    format: target.format,
    input: target.input,
    sourceFrames: summary.frames.in,
    outputFrames: totalFrames,
    shape: output.shape,
    dtype: target.format === 'cbf' ? 'int32' : output.dtype,
    codec,
    entry: master ? basename(master.path) : first,
    template,
    stages,
    created,
    tool: HOST_ID,
  });
  const readmePath = join(target.dir, README_NAME);
  await writeAtomically(readmePath, readme);

  const files = [...summary.outputs.map((o) => ({ path: o.path, role: o.role })), { path: readmePath, role: 'readme' }];
  const hashes = await hashFiles(files.map((f) => f.path), { threads });
  const entries: BundleFileEntry[] = files.map((f) => {
    const h = hashes.get(f.path);
    if (!h) throw new BeamstackError(ErrorCodes.INTERNAL, `no checksum for ${f.path}`, { file: f.path });
    const rel = bundlePath(target.dir, f.path);
    const frames = framesOf(target, rel, f.role, totalFrames);
    return { path: rel, bytes: h.bytes, sha256: h.sha256, role: f.role, ...(frames !== undefined ? { frames } : {}) };
  });
  entries.sort((a, b) => a.path.localeCompare(b.path));
  const sumsPath = join(target.dir, SUMS_NAME);
  const sums = Buffer.from(entries.map((e) => `${e.sha256}  ${e.path}`).join('\n') + '\n', 'utf8');
  await writeAtomically(sumsPath, sums);
  // A few hundred bytes we hold in memory: hashed here, not by a new worker thread.
  entries.push({ path: SUMS_NAME, bytes: sums.length, sha256: createHash('sha256').update(sums).digest('hex'), role: 'checksums' });

  const manifest: BundleManifest = {
    format: 'beamstack-bundle',
    version: 1,
    created,
    tool: HOST_ID,
    output: {
      format: target.format,
      frames: totalFrames,
      shape: [output.shape[0], output.shape[1]],
      dtype: target.format === 'cbf' ? 'int32' : output.dtype,
      codec,
      ...(master ? { master: basename(master.path) } : {}),
    },
    frames: {
      in: summary.frames.in,
      out: totalFrames,
      outAsSource: summary.frames.in - summary.frames.dropped,
      dropped: summary.frames.dropped,
    },
    source: {
      input: target.input,
      frames: summary.frames.in,
      files: summary.inputs.map((i) => ({ path: i.path, bytes: i.bytes, sha256: i.sha256 ?? '' })),
    },
    stack: { name: stack.file.name, stages },
    files: entries,
  };
  await writeManifest(target.dir, manifest);
  return manifest;
}
