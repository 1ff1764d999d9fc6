import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '@beamstack/contract';
// The pool starts real worker threads from the built worker module, so these tests use dist.
import { BeamstackHost, MemoryLogger, type RunSummary } from '../dist/index.js';
import { counterDigest, readJsonl, tempDir, writeStack } from './helpers.js';

const ALL = ['counter-source', 'transforms', 'raw-codec', 'jsonl-writer'];

describe('pipeline runner (real worker threads)', () => {
  let host: BeamstackHost;
  let dir: string;
  let cleanup: () => Promise<void>;
  let n = 0;

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    host = new BeamstackHost({ workers: 2, logger: new MemoryLogger() });
  });
  afterAll(async () => {
    await host.close();
    await cleanup();
  });

  async function run(stages: string): Promise<{ summary: RunSummary; out: string }> {
    const name = `stack${n++}`;
    const out = join(dir, name);
    const prepared = await host.prepare(await writeStack(dir, `${name}.yaml`, ALL, stages));
    return { summary: await host.run(prepared, { outDir: out }), out };
  }

  it('runs source → transform → writer in order through the pool, counting frames and bytes', async () => {
    const { summary, out } = await run(`
  - use: counter
    with: { frames: 25, height: 16, width: 12 }
  - use: add
    with: { value: 5 }
  - use: jsonl
`);
    expect(summary.error).toBeNull();
    expect(summary.ok).toBe(true);
    expect(summary.workers).toBe(2);
    expect(summary.frames).toEqual({ in: 25, out: 25, outAsSource: 25, dropped: 0, resumed: 0 });
    const { frames, meta } = await readJsonl(join(out, 'frames.jsonl'));
    expect(frames.map((f) => f.index)).toEqual([...Array(25).keys()]);
    frames.forEach((f, i) => expect(f.digest).toBe(counterDigest(i, 16, 12, 5)));
    expect(meta.steps).toEqual([
      'beamstack-plugin-source-counter@1.2.0:counter',
      'beamstack-plugin-transforms-test@0.3.1:add',
      'beamstack-plugin-writer-jsonl@2.0.0:jsonl',
    ]);
    const [source, add, writer] = summary.stages;
    expect(source).toMatchObject({ label: 'stages[0] counter', framesOut: 25, bytesOut: 25 * 16 * 12 * 2 });
    expect(add).toMatchObject({ label: 'stages[1] add', plugin: 'beamstack-plugin-transforms-test@0.3.1', framesIn: 25, framesOut: 25 });
    expect(writer).toMatchObject({ framesIn: 25, framesOut: 25 });
    expect(writer!.bytesOut).toBeGreaterThan(0);
    expect(summary.bytes.pixelsIn).toBe(25 * 16 * 12 * 2);
    expect(summary.outputs.map((o) => o.role)).toEqual(['frames']);
  });

  it('never reads or sends frames a resuming writer already holds, and keeps the others at their indices', async () => {
    const { summary, out } = await run(`
  - use: counter
    with: { frames: 12, height: 4, width: 4 }
  - use: sum
    with: { n: 2 }
  - use: jsonl
    with: { resumeHas: [0, 1, 4] }
`);
    expect(summary.error).toBeNull();
    expect(summary.frames).toEqual({ in: 12, out: 3, outAsSource: 6, dropped: 0, resumed: 3 });
    const [source] = summary.stages;
    expect(source!.framesOut).toBe(6); // the 6 source frames behind output frames 0, 1, 4 were never rendered
    const { frames } = await readJsonl(join(out, 'frames.jsonl'));
    expect(frames.map((f) => f.index)).toEqual([2, 3, 5]);
  });

  it('reads sequential sources on the main thread and gives the same result', async () => {
    const { summary, out } = await run(`
  - use: counter
    with: { frames: 9, height: 4, width: 4, sequential: true }
  - use: add
  - use: jsonl
`);
    expect(summary.ok).toBe(true);
    const { frames } = await readJsonl(join(out, 'frames.jsonl'));
    frames.forEach((f, i) => expect(f.digest).toBe(counterDigest(i, 4, 4, 1)));
  });

  it('applies index-only selections on the main thread and renumbers the survivors', async () => {
    const { summary, out } = await run(`
  - use: counter
    with: { frames: 10, height: 2, width: 2 }
  - use: every
    with: { n: 3 }
  - use: tag-index
  - use: jsonl
`);
    expect(summary.frames).toEqual({ in: 10, out: 4, outAsSource: 4, dropped: 6, resumed: 0 });
    const { frames } = await readJsonl(join(out, 'frames.jsonl'));
    // tag-index sees the position after the selection: 0,1,2,3 (source frames 0,3,6,9)
    expect(frames.map((f) => f.first)).toEqual([0, 1, 2, 3]);
    expect(frames.map((f) => f.digest - f.first!)).toEqual([0, 3, 6, 9].map((i) => counterDigest(i, 2, 2) - ((i * 1000) % 65536)));
    expect(summary.stages[0]!.framesOut).toBe(4); // unselected frames were never rendered
    expect(summary.stages[1]).toMatchObject({ framesIn: 10, droppedSource: 6 });
  });

  it('sums windows of frames, keeping or dropping the short last window as asked', async () => {
    const keep = await run(`
  - use: counter
    with: { frames: 10, height: 3, width: 3 }
  - use: sum
    with: { n: 4, keepPartial: true }
  - use: jsonl
`);
    expect(keep.summary.frames).toEqual({ in: 10, out: 3, outAsSource: 10, dropped: 0, resumed: 0 });
    const kept = (await readJsonl(join(keep.out, 'frames.jsonl'))).frames;
    const sumOf = (ids: number[]): number => ids.reduce((s, i) => s + counterDigest(i, 3, 3), 0);
    expect(kept.map((f) => f.digest)).toEqual([sumOf([0, 1, 2, 3]), sumOf([4, 5, 6, 7]), sumOf([8, 9])]);
    expect(kept.map((f) => f.dtype)).toEqual(['uint32', 'uint32', 'uint32']);

    const drop = await run(`
  - use: counter
    with: { frames: 10, height: 3, width: 3 }
  - use: sum
    with: { n: 4, keepPartial: false }
  - use: jsonl
`);
    expect(drop.summary.frames).toEqual({ in: 10, out: 2, outAsSource: 8, dropped: 2, resumed: 0 });
    expect(drop.summary.stages[1]).toMatchObject({ framesIn: 10, framesOut: 2, droppedSource: 2 });
  });

  it('combines selections, nested windows and data-dependent drops with exact accounting', async () => {
    const { summary, out } = await run(`
  - use: counter
    with: { frames: 23, height: 2, width: 2 }
  - use: sum
    with: { n: 2 }
  - use: every
    with: { n: 2 }
  - use: drop-odd
  - use: sum
    with: { n: 2 }
  - use: jsonl
`);
    // 23 → 12 pairs (last partial) → 6 kept (pairs 0,2,4,6,8,10, renumbered 0..5) → windows of 2 are
    // formed by index on the main thread: (0,1) (2,3) (4,5); drop-odd then drops 1, 3 and 5 inside
    // each window, so every second sum sees one frame (complete = false) and keeps it.
    expect(summary.ok).toBe(true);
    expect(summary.frames.in).toBe(23);
    expect(summary.frames.in).toBe(summary.frames.outAsSource + summary.frames.dropped);
    const { frames } = await readJsonl(join(out, 'frames.jsonl'));
    const pair = (k: number): number[] => [2 * k, 2 * k + 1].filter((i) => i < 23);
    const sumOf = (ids: number[]): number => ids.reduce((s, i) => s + counterDigest(i, 2, 2), 0);
    expect(frames.map((f) => f.digest)).toEqual([sumOf(pair(0)), sumOf(pair(4)), sumOf(pair(8))]);
    expect(summary.frames).toEqual({ in: 23, out: 3, outAsSource: 6, dropped: 17, resumed: 0 });
  });

  it('keeps encoded frames encoded where no stage needs pixels, and decodes only where one does', async () => {
    const passthrough = await run(`
  - use: counter
    with: { frames: 4, height: 4, width: 4 }
  - use: raw-test
  - use: jsonl
`);
    expect(passthrough.summary.ok).toBe(true);
    const enc = await readJsonl(join(passthrough.out, 'frames.jsonl'));
    expect(enc.meta.encoding).toEqual({ codec: 'raw-test', params: {} });
    expect(enc.frames.map((f) => [f.form, f.bytes])).toEqual(Array(4).fill(['raw-test', 4 + 32]));

    const decoded = await run(`
  - use: counter
    with: { frames: 4, height: 4, width: 4 }
  - use: raw-test
  - use: add
    with: { value: 2 }
  - use: jsonl
`);
    expect(decoded.summary.stages.map((s) => s.label)).toEqual([
      'stages[0] counter',
      'stages[1] raw-test',
      'decode raw-test (for stages[2])',
      'stages[2] add',
      'stages[3] jsonl',
    ]);
    expect(decoded.summary.stages[2]).toMatchObject({ kind: 'decode', inserted: true, framesIn: 4, framesOut: 4 });
    const { frames } = await readJsonl(join(decoded.out, 'frames.jsonl'));
    frames.forEach((f, i) => expect([f.form, f.digest]).toEqual(['pixels', counterDigest(i, 4, 4, 2)]));
  });

  it('reports a throwing transform with plugin@version, stage, hook and frame; leaves no output; the host survives', async () => {
    const { summary, out } = await run(`
  - use: counter
    with: { frames: 12, height: 4, width: 4 }
  - use: explode
    with: { at: 7 }
  - use: jsonl
`);
    expect(summary.ok).toBe(false);
    expect(summary.error).toMatchObject({
      code: ErrorCodes.STAGE_FAILED,
      message: 'apply threw: detector exploded',
      context: { plugin: 'beamstack-plugin-transforms-test@0.3.1', stage: 'explode', hook: 'apply', frame: 7 },
    });
    // the writer was aborted: neither the final file nor its temporary is left
    expect(existsSync(out) ? await readdir(out) : []).toEqual([]);
    expect(summary.frames.out).toBeLessThan(12);

    const again = await run(`
  - use: counter
    with: { frames: 3 }
  - use: jsonl
`);
    expect(again.summary.ok).toBe(true);
    expect(again.summary.frames.out).toBe(3);
  });

  it('names the source, frame and cause when a source fails or ends early', async () => {
    const fails = await run(`
  - use: counter
    with: { frames: 6, sequential: true, failAt: 2 }
  - use: jsonl
`);
    expect(fails.summary.error).toMatchObject({
      code: ErrorCodes.INPUT,
      context: { plugin: 'beamstack-plugin-source-counter@1.2.0', stage: 'counter (stages[0])', hook: 'read' },
    });
    expect(fails.summary.error!.message).toMatch(/sensor on fire at frame 2/);

    const short = await run(`
  - use: counter
    with: { frames: 6, sequential: true, shortBy: 2 }
  - use: jsonl
`);
    expect(short.summary.error).toMatchObject({ code: ErrorCodes.INPUT, context: { frame: 4 } });
    expect(short.summary.error!.message).toBe('the source ended after 4 frames, but its description promised 6');
  });

  it('reports writer failures and stage outputs that break their own description', async () => {
    const disk = await run(`
  - use: counter
    with: { frames: 5 }
  - use: jsonl
    with: { failAt: 1 }
`);
    expect(disk.summary.error).toMatchObject({ code: ErrorCodes.OUTPUT, context: { hook: 'write', frame: 1, plugin: 'beamstack-plugin-writer-jsonl@2.0.0' } });
    expect(existsSync(disk.out) ? await readdir(disk.out) : []).toEqual([]);

    const shape = await run(`
  - use: counter
    with: { frames: 2 }
  - use: wrong-shape
  - use: jsonl
`);
    expect(shape.summary.error).toMatchObject({ code: ErrorCodes.STAGE_FAILED, context: { stage: 'wrong-shape', hook: 'apply' } });
  });

  it('refuses invalid options before anything runs, naming file and path', async () => {
    const path = await writeStack(dir, 'bad-options.yaml', ALL, `
  - use: counter
    with: { frames: -1, colour: red }
  - use: sum
    with: { n: 1 }
  - use: jsonl
`);
    const error = await host.prepare(path).then(
      () => null,
      (e: unknown) => e as Error & { code: string },
    );
    expect(error?.code).toBe(ErrorCodes.OPTIONS);
    expect(error?.message.split('\n')).toEqual([
      `${path}: stages[0].with.colour: unknown option (known: frames, height, width, sequential, failAt, shortBy)`,
      `${path}: stages[0].with.frames: must be an integer >= 0`,
      `${path}: stages[1].with.n: must be an integer >= 2`,
    ]);
  });

  it('refuses stacks whose stages are unknown or in the wrong order', async () => {
    const path = await writeStack(dir, 'order.yaml', ALL, `
  - use: add
  - use: no-such-stage
  - use: counter
`);
    const error = await host.prepare(path).then(
      () => null,
      (e: unknown) => e as Error & { code: string },
    );
    expect(error?.code).toBe(ErrorCodes.STACK);
    const lines = error!.message.split('\n');
    expect(lines[0]).toBe(`${path}: stages[0].use: 'add' is a transform; the first stage must be a source`);
    expect(lines[1]).toMatch(/order\.yaml: stages\[1\]\.use: no loaded plugin provides stage 'no-such-stage' \(available: .*counter/);
    expect(lines[2]).toBe(`${path}: stages[2].use: 'counter' is a source; the last stage must be a writer`);
  });

  it('refuses a stack that names an incompatible plugin, with the plugin, its range and the host version', async () => {
    const path = await writeStack(dir, 'future.yaml', ['incompatible', 'counter-source', 'jsonl-writer'], `
  - use: counter
  - use: jsonl
`);
    const error = await host.prepare(path).then(
      () => null,
      (e: unknown) => e as Error & { code: string },
    );
    expect(error?.code).toBe(ErrorCodes.PLUGIN_INCOMPATIBLE);
    expect(error?.message).toMatch(/beamstack-plugin-from-the-future@9\.0\.0 requires contract \^99\.0\.0, but this host implements contract 1\.2\.0/);
  });
});
