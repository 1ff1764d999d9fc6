import { dirname, isAbsolute, resolve } from 'node:path';
import { asInputError, inputError } from '../errors.js';
import type { FileCache } from './file-cache.js';
import type { FramePart } from './parts.js';
import type { ReaderDataset, ReaderLinkInfo } from './reader-api.js';

/** Upper bound on frames one series may declare (2^31: far beyond any detector run). */
export const MAX_FRAMES = 2 ** 31;
const DATA_LINK = /^data_(\d{1,9})$/;

export interface LayoutResult {
  readonly parts: readonly FramePart[];
  readonly frameCount: number;
  /** Where frames were found, for messages: "/entry/data/data_NNNNNN (3 files)". */
  readonly description: string;
  /** Data files that do not exist (listed at open). */
  readonly missingFiles: readonly string[];
}

export interface LayoutInput {
  readonly master: string;
  readonly dataset: string | undefined;
  readonly files: FileCache;
  /** nimages × ntrigger from the master, used to size a missing last data file. */
  readonly expectedFrames: number | undefined;
  readonly warn: (message: string, dataset?: string) => void;
}

/**
 * Finds where the frames are: the `dataset` option, else the DECTRIS `/entry/data/data_NNNNNN`
 * links (external links resolved against the master's folder, never the working directory), else
 * `/entry/data/data` (plain or virtual). Data files may be missing: they are listed, and reading
 * one of their frames is an INPUT error naming the file.
 */
export async function findFrames(input: LayoutInput): Promise<LayoutResult> {
  const { master, files } = input;
  const reader = await files.reader(master);
  if (input.dataset !== undefined) return fromPath(input, input.dataset, `dataset option ${input.dataset}`);

  let links: readonly ReaderLinkInfo[] = [];
  const entryData = await reader.lookup('/entry/data').catch(() => null);
  if (entryData?.kind === 'group') {
    try {
      links = await reader.list('/entry/data');
    } catch (error) {
      throw asInputError(error, { file: master, dataset: '/entry/data' }, 'cannot list group');
    }
  }
  const numbered = links
    .map((l) => ({ link: l, m: DATA_LINK.exec(l.name) }))
    .filter((x): x is { link: ReaderLinkInfo; m: RegExpExecArray } => x.m !== null)
    .map((x) => ({ link: x.link, number: Number(x.m[1]) }))
    .sort((a, b) => a.number - b.number);
  if (numbered.length > 0) return fromDataLinks(input, numbered);
  if (links.some((l) => l.name === 'data')) return fromPath(input, '/entry/data/data', '/entry/data/data');
  throw inputError(
    'no frames found: the file has neither /entry/data/data_NNNNNN links nor /entry/data/data; name the frames dataset with the `dataset` option',
    { file: master, dataset: '/entry/data' },
  );
}

/** Frames behind one path: a plain or virtual dataset, through any kind of link. */
async function fromPath(input: LayoutInput, path: string, description: string): Promise<LayoutResult> {
  const { master, files } = input;
  const reader = await files.reader(master);
  let node;
  try {
    node = await reader.lookup(path);
  } catch (error) {
    throw asInputError(error, { file: master, dataset: path }, `dataset ${path} does not exist`);
  }
  if (node.kind === 'missing') throw inputError(`dataset ${path} does not exist (dangling link)`, { file: master, dataset: path });
  if (node.kind === 'group') throw inputError(`${path} is a group, not a frames dataset`, { file: master, dataset: path });
  let file = master;
  let dataset = path;
  if (node.kind === 'external') {
    file = linkedFile(master, node.file);
    dataset = node.target;
    if (!files.exists(file)) throw inputError(`data file ${file} (linked from ${path}) does not exist`, { file, dataset });
  }
  const ds = await files.dataset(file, dataset);
  if (ds.layout === 'virtual') return fromVirtual(input, ds, path);
  const frames = frameCountOf(ds);
  const part: FramePart = { firstFrame: 0, frames, file: ds.file, dataset: ds.path, sourceFirstFrame: 0, kind: 'data', via: path };
  return { parts: frames > 0 ? [part] : [], frameCount: frames, description, missingFiles: [] };
}

async function fromVirtual(input: LayoutInput, ds: ReaderDataset, via: string): Promise<LayoutResult> {
  const total = frameCountOf(ds);
  let sources;
  try {
    sources = await ds.virtualSources();
  } catch (error) {
    throw asInputError(error, { file: ds.file, dataset: ds.path }, 'cannot read the virtual dataset mapping');
  }
  const sorted = [...sources].sort((a, b) => a.firstFrame - b.firstFrame);
  const parts: FramePart[] = [];
  const missing: string[] = [];
  let next = 0;
  for (const s of sorted) {
    if (!Number.isSafeInteger(s.firstFrame) || !Number.isSafeInteger(s.frames) || s.frames < 0 || s.firstFrame < next || s.firstFrame + s.frames > total) {
      throw inputError(`virtual dataset maps frames ${s.firstFrame}..${s.firstFrame + s.frames - 1} of ${total} overlapping or out of range`, {
        file: ds.file,
        dataset: ds.path,
      });
    }
    if (s.firstFrame > next) parts.push(gap(ds, next, s.firstFrame - next, via));
    const file = s.file === '.' ? ds.file : linkedFile(ds.file, s.file);
    const present = input.files.exists(file);
    if (!present && !missing.includes(file)) missing.push(file);
    if (s.frames > 0) {
      parts.push({ firstFrame: s.firstFrame, frames: s.frames, file, dataset: s.dataset, sourceFirstFrame: s.sourceFirstFrame, kind: present ? 'data' : 'missing-file', via });
    }
    next = s.firstFrame + s.frames;
  }
  if (next < total) parts.push(gap(ds, next, total - next, via));
  if (parts.some((p) => p.kind === 'gap')) input.warn(`virtual dataset ${ds.path} maps no source to some frames; they read as the fill value`, ds.path);
  return { parts, frameCount: total, description: `virtual dataset ${via} (${sorted.length} sources)`, missingFiles: missing };
}

function gap(ds: ReaderDataset, firstFrame: number, frames: number, via: string): FramePart {
  return { firstFrame, frames, file: ds.file, dataset: ds.path, sourceFirstFrame: 0, kind: 'gap', via };
}

interface NumberedLink {
  readonly link: ReaderLinkInfo;
  readonly number: number;
}

/** DECTRIS data_NNNNNN links, in number order; each a whole dataset. */
async function fromDataLinks(input: LayoutInput, links: readonly NumberedLink[]): Promise<LayoutResult> {
  const { master, files } = input;
  interface Found {
    readonly via: string;
    readonly file: string;
    readonly dataset: string;
    readonly ds: ReaderDataset | null;
  }
  const found: Found[] = [];
  for (const { link } of links) {
    const via = `/entry/data/${link.name}`;
    if (link.kind === 'external') {
      if (!link.file || !link.target) throw inputError(`external link ${via} has no target`, { file: master, dataset: via });
      const file = linkedFile(master, link.file);
      found.push({ via, file, dataset: link.target, ds: files.exists(file) ? await files.dataset(file, link.target) : null });
    } else {
      const ds = await files.dataset(master, via);
      found.push({ via, file: ds.file, dataset: ds.path, ds });
    }
  }
  const present = found.filter((f) => f.ds !== null);
  if (present.length === 0) {
    throw inputError(`none of the ${found.length} data files exists (first: ${found[0]!.file})`, { file: found[0]!.file, dataset: found[0]!.dataset });
  }
  const perFile = frameCountOf(present[0]!.ds!);
  const parts: FramePart[] = [];
  const missing: string[] = [];
  let next = 0;
  for (const [k, f] of found.entries()) {
    let frames: number;
    if (f.ds) {
      if (f.ds.layout === 'virtual') throw inputError(`${f.via} is a virtual dataset; data_NNNNNN links must lead to stored frames`, { file: f.file, dataset: f.dataset });
      frames = frameCountOf(f.ds);
    } else {
      missing.push(f.file);
      const isLast = k === found.length - 1;
      frames = isLast && input.expectedFrames !== undefined && input.expectedFrames > next ? input.expectedFrames - next : perFile;
      input.warn(`data file ${f.file} (${f.via}) does not exist; assuming it held ${frames} frames (reading them will fail)`, f.via);
    }
    if (next + frames > MAX_FRAMES) throw inputError(`more than ${MAX_FRAMES} frames`, { file: f.file, dataset: f.dataset });
    if (frames > 0) parts.push({ firstFrame: next, frames, file: f.file, dataset: f.dataset, sourceFirstFrame: 0, kind: f.ds ? 'data' : 'missing-file', via: f.via });
    next += frames;
  }
  for (const f of found) if (f.ds) await checkImageNumbers(input, f.ds, parts.find((p) => p.via === f.via));
  return { parts, frameCount: next, description: `/entry/data/data_NNNNNN (${found.length} data files)`, missingFiles: missing };
}

/** image_nr_low/high (1-based, inclusive) should match where the file's frames sit in the series. */
async function checkImageNumbers(input: LayoutInput, ds: ReaderDataset, part: FramePart | undefined): Promise<void> {
  if (!part) return;
  let attrs: Readonly<Record<string, unknown>>;
  try {
    attrs = await ds.attributes();
  } catch {
    return;
  }
  const low = scalar(attrs['image_nr_low']);
  const high = scalar(attrs['image_nr_high']);
  const wantLow = part.firstFrame + 1;
  const wantHigh = part.firstFrame + part.frames;
  if ((low !== undefined && low !== wantLow) || (high !== undefined && high !== wantHigh)) {
    input.warn(
      `${part.via}: image_nr_low/high are ${low ?? '?'}..${high ?? '?'} but the file holds series images ${wantLow}..${wantHigh}; frames are numbered by position`,
      part.via,
    );
  }
}

function scalar(v: unknown): number | undefined {
  const x = ArrayBuffer.isView(v) || Array.isArray(v) ? (v as ArrayLike<unknown>)[0] : v;
  if (typeof x === 'bigint') return Number(x);
  return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
}

/** Frames in a (frames, H, W) dataset; a 2-D dataset is one frame. */
export function frameCountOf(ds: ReaderDataset): number {
  const rank = ds.shape.length;
  if (rank === 2) return 1;
  if (rank !== 3) throw inputError(`frames dataset must be 3-D (frames, height, width) or 2-D; it has shape [${ds.shape.join(', ')}]`, { file: ds.file, dataset: ds.path });
  const n = ds.shape[0]!;
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_FRAMES) throw inputError(`implausible frame count ${n}`, { file: ds.file, dataset: ds.path });
  return n;
}

/** An external link's or VDS source's file, relative to the linking file's folder. */
export function linkedFile(from: string, name: string): string {
  return isAbsolute(name) ? resolve(name) : resolve(dirname(from), name);
}
