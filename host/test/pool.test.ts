import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serialize } from 'node:v8';
import {
  FramePool,
  InMemoryMetrics,
  MemoryLogger,
  PipelineRunner,
  TOKENS,
  createContainer,
  prepareStack,
  readStackFile,
  type Clock,
} from '../dist/index.js';
import { counterDigest, readJsonl, tempDir, writeStack } from './helpers.js';

/** A pool that records how many tasks are in flight at once. */
class CountingPool extends FramePool {
  inFlight = 0;
  maxInFlight = 0;
  override run(...args: Parameters<FramePool['run']>): ReturnType<FramePool['run']> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    return super.run(...args).finally(() => {
      this.inFlight -= 1;
    });
  }
}

describe('frame pool', () => {
  const pools: FramePool[] = [];
  afterAll(async () => {
    for (const p of pools) await p.destroy();
  });

  it('transfers frames to workers instead of copying them', async () => {
    const pool = new FramePool({ workers: 1 });
    pools.push(pool);
    const plan = {
      id: 'transfer-test',
      render: null,
      steps: [],
      codecs: {},
      statsSlots: 1,
    };
    const bytes = serialize(plan);
    const planBuffer = new SharedArrayBuffer(bytes.byteLength);
    new Uint8Array(planBuffer).set(bytes);
    const pixels = new Uint16Array(1 << 20).fill(7);
    const frame = { index: 0, shape: [1024, 1024] as const, dtype: 'uint16' as const, pixels };
    const result = await pool.run({ planId: plan.id, planBuffer, node: { source: 0, ix: {} }, frames: [frame] }, [pixels.buffer as ArrayBuffer]);
    // Our buffer is detached (moved, not cloned) and the same pixels came back by transfer.
    expect(pixels.byteLength).toBe(0);
    expect(result.error).toBeNull();
    expect((result.frame!.pixels as Uint16Array).length).toBe(1 << 20);
    expect((result.frame!.pixels as Uint16Array)[12345]).toBe(7);
  });

  it('starts the configured number of workers, defaulting to the number of cores', async () => {
    expect(new FramePool().workers).toBeGreaterThanOrEqual(1);
    const pool = new FramePool({ workers: 3, queuePerWorker: 2 });
    expect(pool.capacity).toBe(9);
  });
});

describe('runner wiring (tsyringe composition root)', () => {
  it('runs with injected pool, clock, logger and metrics; keeps at most `capacity` tasks in flight', async () => {
    const t = await tempDir();
    try {
      const c = createContainer({ workers: 2 });
      const pool = new CountingPool({ workers: 2, queuePerWorker: 1 });
      let ticks = 0;
      const clock: Clock = { now: () => (ticks += 10), date: () => new Date('2030-01-02T03:04:05.000Z') };
      const metrics = new InMemoryMetrics();
      const logger = new MemoryLogger();
      c.registerInstance(TOKENS.Pool, pool);
      c.registerInstance(TOKENS.Clock, clock);
      c.registerInstance(TOKENS.Metrics, metrics);
      c.registerInstance(TOKENS.Logger, logger);
      const path = await writeStack(t.dir, 'slow.yaml', ['counter-source', 'jsonl-writer'], `
  - use: counter
    with: { frames: 40, height: 32, width: 32 }
  - use: jsonl
    with: { delayMs: 3 }
`);
      const prepared = await prepareStack(await readStackFile(path));
      const summary = await c.resolve(PipelineRunner).run(prepared, { outDir: join(t.dir, 'out') });
      await pool.destroy();
      expect(summary.ok).toBe(true);
      // The writer is slower than the workers: the queue fills up to its bound and never beyond.
      expect(pool.maxInFlight).toBe(pool.capacity);
      expect(metrics.runs).toEqual([summary]);
      expect(summary.durationMs % 10).toBe(0); // measured with the injected clock
      const { frames, meta } = await readJsonl(join(t.dir, 'out', 'frames.jsonl'));
      expect(frames.map((f) => f.digest)).toEqual(frames.map((_, i) => counterDigest(i, 32, 32)));
      expect(meta.steps).toHaveLength(2);
    } finally {
      await t.cleanup();
    }
  });
});
