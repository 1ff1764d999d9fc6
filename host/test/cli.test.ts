import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_VERSION } from '@beamstack/contract';
import { main } from '../dist/cli/cli.js';
import { tempDir, writeStack } from './helpers.js';

interface Captured {
  code: number;
  out: string;
  err: string;
}

async function cli(argv: string[], cwd: string): Promise<Captured> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), cwd, stderrIsTTY: false });
  return { code, out, err };
}

describe('beamstack CLI', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
  });
  afterAll(() => cleanup());

  it('has --help on every command and an overview', async () => {
    const overview = await cli(['--help'], dir);
    expect(overview.code).toBe(0);
    const commands = [...overview.out.matchAll(/^ {2}([a-z]+) {2}/gm)].map((m) => m[1]!);
    expect(commands).toEqual(expect.arrayContaining(['run', 'validate', 'plugins']));
    for (const command of commands) {
      const help = await cli([command, '--help'], dir);
      expect(help.code, command).toBe(0);
      expect(help.out).toMatch(new RegExp(`^usage: beamstack ${command}`));
      expect(help.out).toMatch(/--help/);
    }
  });

  it('rejects unknown commands and options with a usage error (exit 2)', async () => {
    expect((await cli(['frobnicate'], dir)).code).toBe(2);
    const bad = await cli(['run', '--wrokers', '2'], dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/BEAMSTACK_E_USAGE: .*wrokers/);
    expect((await cli(['run', '--workers', 'two'], dir)).err).toMatch(/--workers: must be a whole number/);
  });

  it('validates a stack, naming the file as the user typed it and the option path', async () => {
    await writeStack(dir, 'site.yaml', ['counter-source', 'transforms', 'jsonl-writer'], `
  - use: counter
  - use: sum
    with: { n: 1 }
  - use: jsonl
`);
    const bad = await cli(['validate', 'site.yaml'], dir);
    expect(bad.code).toBe(1);
    expect(bad.err.trim()).toBe(
      'error: BEAMSTACK_E_OPTIONS: site.yaml: stages[1].with.n: must be an integer >= 2 (file site.yaml, option stages[1].with.n)',
    );
    await writeStack(dir, 'good.yaml', ['counter-source', 'jsonl-writer'], '  - use: counter\n  - use: jsonl\n');
    const good = await cli(['validate', 'good.yaml', '--json'], dir);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.out)).toMatchObject({ ok: true, stages: [{ stage: 'counter', kind: 'source' }, { stage: 'jsonl', kind: 'writer' }] });
  });

  it('lists plugins with version, stages, contract range and why a plugin is refused', async () => {
    const { fixture } = await import('./helpers.js');
    const listed = await cli(['plugins', '--json', '--plugin', fixture('incompatible'), '--plugin', fixture('transforms')], dir);
    expect(listed.code).toBe(0);
    const { plugins, contract } = JSON.parse(listed.out) as { contract: string; plugins: { name: string; stages: string; contract: string; status: string }[] };
    expect(contract).toBe(CONTRACT_VERSION);
    const byName = new Map(plugins.map((p) => [p.name, p]));
    expect(byName.get('beamstack-plugin-transforms-test')).toMatchObject({ contract: '>=1.0.0 <2', status: 'compatible' });
    expect(byName.get('beamstack-plugin-from-the-future')!.status).toMatch(/^refused: BEAMSTACK_E_PLUGIN_INCOMPATIBLE: .*requires contract \^99\.0\.0, but this host implements contract 1\.2\.0/);
    // the host's bundled plugins are always found
    expect(byName.has('@beamstack/codec-bslz4')).toBe(true);
    const text = await cli(['plugins'], dir);
    expect(text.out).toMatch(/^name +version +kind +stages +contract +status$/m);
  });

  it('runs a stack and prints the summary as text or JSON', async () => {
    await writeStack(dir, 'run.yaml', ['counter-source', 'jsonl-writer'], '  - use: counter\n    with: { frames: 7 }\n  - use: jsonl\n');
    const text = await cli(['run', 'run.yaml', '--out', 'o1', '--workers', '1'], dir);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^beamstack run completed: .* 1 worker\)$/m);
    expect(text.out).toMatch(/^frames: 7 in, 7 out, 0 dropped on purpose$/m);
    const json = await cli(['run', 'run.yaml', '--out', 'o2', '--json'], dir);
    const summary = JSON.parse(json.out) as { ok: boolean; frames: { in: number; out: number }; outputs: { path: string }[] };
    expect(summary.ok).toBe(true);
    expect(summary.frames).toMatchObject({ in: 7, out: 7 });
    expect(summary.outputs[0]!.path).toBe(join(dir, 'o2', 'frames.jsonl'));
    expect((await readFile(join(dir, 'o2', 'frames.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(8);
  });

  it('exits 1 with the coded error when a run fails', async () => {
    await writeStack(dir, 'boom.yaml', ['counter-source', 'transforms', 'jsonl-writer'], '  - use: counter\n  - use: explode\n    with: { at: 2 }\n  - use: jsonl\n');
    const r = await cli(['run', 'boom.yaml', '--out', 'o3', '--workers', '1'], dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^beamstack run FAILED/m);
    expect(r.err).toMatch(/error: BEAMSTACK_E_STAGE_FAILED: apply threw: detector exploded \(plugin beamstack-plugin-transforms-test@0\.3\.1, stage explode, hook apply, frame 2\)/);
  });
});
