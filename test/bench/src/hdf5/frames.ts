import { spawnSync } from 'node:child_process';
import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pixelBytes, type DatasetMeta, type JsonObject, type SourceStage } from '@beamstack/contract';
import { PYTHON, SHARED_DIR, testHostContext } from '@beamstack/testkit';
import { stageOptions } from '../stage-options.js';

/** Files the `bench-frame-cycle` source reads (see test/bench/plugins/frame-cycle). */
export interface FrameSet {
  /** Raw little-endian pixels of `count` frames, one after the other. */
  readonly file: string;
  readonly count: number;
  /** The series' DatasetMeta as JSON, pixel mask left out. */
  readonly meta: string;
  /** The pixel mask, raw uint32. */
  readonly mask: string;
  readonly shape: readonly [number, number];
  readonly frameBytes: number;
  /** What the frames are, for the notes. */
  readonly description: string;
}

const context = testHostContext();

/**
 * Renders `count` consecutive frames of a simulated series (outside any timing) and stores them
 * with the series' metadata and mask, so a pipeline can cycle through realistic, distinct frames
 * without paying for rendering.
 */
export async function renderFrameSet(source: SourceStage, options: JsonObject, first: number, count: number, dir: string): Promise<FrameSet> {
  const full = stageOptions(source, options);
  const session = await source.open(full, context);
  const file = join(dir, 'frames.raw');
  const handle = await open(file, 'w');
  let frameBytes = 0;
  try {
    for (let i = first; i < first + count; i++) {
      const frame = source.render!(i, { options: full, meta: session.meta });
      const bytes = pixelBytes(frame.pixels!);
      frameBytes = bytes.byteLength;
      await handle.write(bytes);
    }
  } finally {
    await handle.close();
    await session.close?.();
  }
  const sets = await storeMeta(session.meta, dir);
  return { file, count, ...sets, frameBytes, description: `simulate ${String(full['detector'])} seed ${String(full['seed'])} frames ${first}..${first + count - 1}` };
}

/**
 * The frames bench_h5write.py writes (oracle synth.py Scene(seed 11), frames 2..9), so both sides
 * can be timed on the same content; metadata and mask stay those of `like` (same shape).
 */
export function oracleFrameSet(like: FrameSet, dir: string): FrameSet {
  const [height, width] = like.shape;
  const file = join(dir, 'oracle-frames.raw');
  const script = [
    'import sys',
    `sys.path.insert(0, ${JSON.stringify(join(SHARED_DIR, 'oracle'))})`,
    'from synth import Scene',
    `scene = Scene(${height}, ${width}, 16, bits=32, seed=11)`,
    `with open(${JSON.stringify(file)}, "wb") as out:`,
    '    for i in range(2, 10):',
    '        out.write(scene.frame(i).astype("<u4").tobytes())',
  ].join('\n');
  const r = spawnSync(PYTHON, ['-'], { input: script, encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`cannot make bench_h5write.py's frames: ${r.stderr}`);
  return { ...like, file, count: 8, frameBytes: height * width * 4, description: "oracle synth.py Scene(seed 11) frames 2..9 (bench_h5write.py's own)" };
}

async function storeMeta(meta: DatasetMeta, dir: string): Promise<{ meta: string; mask: string; shape: readonly [number, number] }> {
  const metaFile = join(dir, 'meta.json');
  const maskFile = join(dir, 'mask.raw');
  const mask = meta.detector.pixelMask ?? new Uint32Array(meta.shape[0]! * meta.shape[1]!);
  await writeFile(maskFile, pixelBytes(mask));
  await writeFile(metaFile, JSON.stringify({ ...meta, detector: { ...meta.detector, pixelMask: null } }));
  return { meta: metaFile, mask: maskFile, shape: [meta.shape[0]!, meta.shape[1]!] };
}
