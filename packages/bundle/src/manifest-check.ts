import { DTYPES } from '@beamstack/contract';
import { FieldReader } from './fields.js';
import {
  MANIFEST_FORMAT,
  MANIFEST_NAME,
  MANIFEST_VERSION,
  type BundleFileEntry,
  type BundleManifest,
  type BundleOutput,
  type BundleSource,
  type BundleStage,
} from './manifest.js';
import { bundlePathProblem, MAX_PATH_LENGTH } from './paths.js';

/** Most files a bundle (or a source dataset) may list: far beyond any real series, far below memory trouble. */
export const MAX_FILES = 1_000_000;
export const MAX_STAGES = 1000;
/** Largest frame extent accepted (pixels along one axis). */
export const MAX_EXTENT = 1 << 20;
const MAX_NAME = 4096;

/**
 * Checks untrusted parsed JSON against the manifest format (version 1) and returns a fresh,
 * plain copy holding only the known fields. Cross-field rules are checked too: unique paths,
 * MANIFEST.json not listed, the NXmx master listed with role 'master', every NXmx data file
 * giving its frame count.
 */
export function checkManifest(value: unknown, f: FieldReader): BundleManifest {
  const top = f.object(value, 'manifest');
  f.literal(top.format, 'format', [MANIFEST_FORMAT]);
  const version = f.integer(top.version, 'version', 0);
  if (version > MANIFEST_VERSION) f.fail('version', `is ${version}; this beamstack reads bundle manifests up to version ${MANIFEST_VERSION} (made by a newer beamstack?)`);
  f.literal(version, 'version', [MANIFEST_VERSION]);
  const created = f.string(top.created, 'created', { nonEmpty: true, max: 64 });
  if (!Number.isFinite(Date.parse(created))) f.fail('created', `must be an ISO 8601 time, got ${JSON.stringify(created)}`);
  const manifest: BundleManifest = {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    created,
    tool: f.string(top.tool, 'tool', { nonEmpty: true, max: MAX_NAME }),
    output: checkOutput(top.output, f),
    frames: checkFrameCounts(top.frames, f),
    source: checkSource(top.source, f),
    stack: checkStack(top.stack, f),
    files: checkFiles(top.files, f),
  };
  checkCrossFields(manifest, f);
  return manifest;
}

function checkOutput(value: unknown, f: FieldReader): BundleOutput {
  const o = f.object(value, 'output');
  const shape = f.array(o.shape, 'output.shape', 2);
  if (shape.length !== 2) f.fail('output.shape', `must be [height, width], got ${shape.length} entries`);
  const output: BundleOutput = {
    format: f.literal(o.format, 'output.format', ['nxmx', 'cbf'] as const),
    frames: f.integer(o.frames, 'output.frames'),
    shape: [f.integer(shape[0], 'output.shape[0]', 1, MAX_EXTENT), f.integer(shape[1], 'output.shape[1]', 1, MAX_EXTENT)],
    dtype: f.literal(o.dtype, 'output.dtype', DTYPES),
    codec: f.string(o.codec, 'output.codec', { nonEmpty: true, max: 256 }),
  };
  if (o.master !== undefined) output.master = checkPath(o.master, 'output.master', f);
  else if (output.format === 'nxmx') f.fail('output.master', 'is required for an NXmx bundle (the master file name)');
  return output;
}

function checkFrameCounts(value: unknown, f: FieldReader): BundleManifest['frames'] {
  const c = f.object(value, 'frames');
  return {
    in: f.integer(c.in, 'frames.in'),
    out: f.integer(c.out, 'frames.out'),
    outAsSource: f.integer(c.outAsSource, 'frames.outAsSource'),
    dropped: f.integer(c.dropped, 'frames.dropped'),
  };
}

function checkSource(value: unknown, f: FieldReader): BundleSource {
  const s = f.object(value, 'source');
  return {
    input: f.string(s.input, 'source.input', { nonEmpty: true, max: MAX_NAME }),
    frames: f.integer(s.frames, 'source.frames'),
    files: f.array(s.files, 'source.files', MAX_FILES).map((item, i) => {
      const at = `source.files[${i}]`;
      const e = f.object(item, at);
      return { path: f.string(e.path, `${at}.path`, { nonEmpty: true, max: MAX_NAME }), bytes: f.integer(e.bytes, `${at}.bytes`), sha256: f.sha256(e.sha256, `${at}.sha256`) };
    }),
  };
}

function checkStack(value: unknown, f: FieldReader): BundleManifest['stack'] {
  const s = f.object(value, 'stack');
  return {
    name: f.string(s.name, 'stack.name', { max: MAX_NAME }),
    stages: f.array(s.stages, 'stack.stages', MAX_STAGES).map((item, i): BundleStage => {
      const at = `stack.stages[${i}]`;
      const e = f.object(item, at);
      return {
        use: f.string(e.use, `${at}.use`, { nonEmpty: true, max: 256 }),
        plugin: f.string(e.plugin, `${at}.plugin`, { nonEmpty: true, max: 512 }),
        options: f.jsonObject(e.options, `${at}.options`),
      };
    }),
  };
}

function checkFiles(value: unknown, f: FieldReader): BundleFileEntry[] {
  return f.array(value, 'files', MAX_FILES).map((item, i) => {
    const at = `files[${i}]`;
    const e = f.object(item, at);
    const entry: BundleFileEntry = {
      path: checkPath(e.path, `${at}.path`, f),
      bytes: f.integer(e.bytes, `${at}.bytes`),
      sha256: f.sha256(e.sha256, `${at}.sha256`),
      role: f.string(e.role, `${at}.role`, { nonEmpty: true, max: 64 }),
    };
    if (e.frames !== undefined) entry.frames = f.integer(e.frames, `${at}.frames`);
    return entry;
  });
}

function checkPath(value: unknown, field: string, f: FieldReader): string {
  const path = f.string(value, field, { nonEmpty: true, max: MAX_PATH_LENGTH });
  const problem = bundlePathProblem(path);
  if (problem) f.fail(field, `${JSON.stringify(path)} ${problem}`);
  return path;
}

function checkCrossFields(m: BundleManifest, f: FieldReader): void {
  const seen = new Map<string, number>();
  m.files.forEach((entry, i) => {
    const first = seen.get(entry.path);
    if (first !== undefined) f.fail(`files[${i}].path`, `${JSON.stringify(entry.path)} is listed twice (also files[${first}])`);
    seen.set(entry.path, i);
    if (entry.path === MANIFEST_NAME) f.fail(`files[${i}].path`, `${MANIFEST_NAME} does not list itself`);
    if (m.output.format === 'nxmx' && entry.role === 'data' && entry.frames === undefined) {
      f.fail(`files[${i}].frames`, 'is required for an NXmx data file');
    }
    if (m.output.format === 'cbf' && entry.role === 'frame' && entry.frames !== undefined && entry.frames !== 1) {
      f.fail(`files[${i}].frames`, `a CBF frame file holds 1 frame, got ${entry.frames}`);
    }
  });
  if (m.output.master !== undefined) {
    const i = seen.get(m.output.master);
    if (i === undefined) f.fail('output.master', `${JSON.stringify(m.output.master)} is not listed in files`);
    if (m.files[i]!.role !== 'master') f.fail(`files[${i}].role`, `the master ${JSON.stringify(m.output.master)} must have role "master", got ${JSON.stringify(m.files[i]!.role)}`);
  }
}
