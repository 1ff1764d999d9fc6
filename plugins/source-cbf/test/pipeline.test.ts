import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCodes, type JsonObject } from '@beamstack/contract';
import { BeamstackHost, type RunSummary } from '@beamstack/host';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '@beamstack/testkit';
import { testContext, writeSeries } from './helpers.js';

describe('the cbf source in the real host (worker pool)', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  let host: BeamstackHost;
  beforeAll(async () => {
    ({ dir: root, cleanup } = await tempDir());
    host = new BeamstackHost({ workers: 2 });
    await writeSeries(join(root, 'in'), 5);
  });
  afterAll(async () => {
    await host.close();
    await cleanup();
  });
  const runStack = async (name: string, stages: { use: string; with: JsonObject }[]): Promise<RunSummary> =>
    host.run(await host.prepare({ label: name, dir: root, name, description: name, plugins: [], workers: null, stages }), { outDir: join(root, name) });

  it('CBF → CBF keeps every value and adds its steps to the lineage in the headers', async () => {
    const summary = await runStack('copy', [{ use: 'cbf', with: { path: join(root, 'in', 'x_######.cbf') } }, { use: 'cbf-series', with: { prefix: 'y' } }]);
    expect(summary.error).toBeNull();
    expect(summary.frames).toMatchObject({ in: 5, out: 5 });
    const { decodeCbfFile } = await import('../src/index.js');
    for (let i = 1; i <= 5; i++) {
      const a = decodeCbfFile(new Uint8Array(readFileSync(join(root, 'in', `x_00000${i}.cbf`))), 'a').pixels;
      const b = decodeCbfFile(new Uint8Array(readFileSync(join(root, 'copy', `y_00000${i}.cbf`))), 'b').pixels;
      expect(Array.from(b)).toEqual(Array.from(a));
    }
    const { openCbf } = await import('../src/index.js');
    const back = await openCbf({ path: join(root, 'copy', 'y_*.cbf'), verify: true, checksums: false }, testContext().ctx);
    expect(back.meta.provenance.steps.map((s) => [s.plugin, s.stage])).toEqual([
      ['@beamstack/source-simulate', 'simulate'],
      ['@beamstack/source-cbf', 'cbf'],
      ['@beamstack/writer-cbf', 'cbf-series'],
    ]);
    expect(back.meta.provenance.steps[1]!.options).toMatchObject({ path: join(root, 'in', 'x_######.cbf'), verify: true });
    expect(readFileSync(join(root, 'copy', 'y_000001.cbf')).toString('latin1')).toContain('# Beamstack input1.1 {"path":');
  });

  it('a wrong Content-MD5 in frame 3 fails the run with INPUT naming the file; the writer leaves nothing', async () => {
    const bad = join(root, 'in', 'x_000003.cbf');
    const original = readFileSync(bad);
    const text = original.toString('latin1');
    const md5 = /Content-MD5: (\S+)/.exec(text)![1]!;
    writeFileSync(bad, Buffer.from(text.replace(md5, md5.startsWith('A') ? `B${md5.slice(1)}` : `A${md5.slice(1)}`), 'latin1'));
    try {
      const summary = await runStack('broken', [{ use: 'cbf', with: { path: join(root, 'in', 'x_*.cbf') } }, { use: 'cbf-series', with: { prefix: 'z' } }]);
      expect(summary.ok).toBe(false);
      expect(summary.error).toMatchObject({ code: ErrorCodes.INPUT, context: { file: bad, codec: 'byte-offset-md5', frame: 2 } });
      expect(summary.error!.message).toMatch(/Content-MD5 mismatch/);
      expect(readdirSync(join(root, 'broken'))).toEqual([]);
    } finally {
      writeFileSync(bad, original);
    }
  });
});
