import { existsSync, readFileSync, readdirSync, statSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ORACLE_DIR, PYTHON, beamstack as cli, checkCbf, checkNxmx, killWhen, run, type RunResult } from '@beamstack/testkit';
import { describeDectris, describeInterop } from '@beamstack/testkit/vitest';
import { tempDir } from './support.js';

const beamstack = (args: readonly string[], cwd: string): RunResult => cli(args, { cwd });

interface Manifest {
  format: string;
  output: { format: string; frames: number; shape: number[]; codec: string; master?: string };
  frames: { in: number; out: number; dropped: number };
  source: { input: string; files: { path: string; sha256: string }[] };
  stack: { stages: { use: string; plugin: string; options: Record<string, unknown> }[] };
  files: { path: string; bytes: number; sha256: string; role: string; frames?: number }[];
}

const manifestOf = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'MANIFEST.json'), 'utf8')) as Manifest;

function verify(dir: string, deep: boolean): { status: number | null; findings: { code: string; file?: string }[] } {
  const r = beamstack(['verify', dir, '--json', ...(deep ? ['--deep'] : [])], dir);
  const report = JSON.parse(r.stdout) as { findings: { code: string; file?: string }[] };
  return { status: r.status, findings: report.findings };
}

describeInterop('beamstack export: bundles that verify, resume after a kill, and that DIALS, fabio and CBFlib read', ['h5py', 'hdf5plugin', 'fabio', 'numpy'], () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let master: string;

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    const r = run(PYTHON, [join(ORACLE_DIR, 'make_eiger_like.py'), join(dir, 'in'), '--frames', '12', '--shape', '256', '300', '--dtype', 'uint32', '--compression', 'bslz4', '--frames-per-file', '5', '--vds']);
    expect(r.status, r.stderr).toBe(0);
    master = join(dir, 'in', 'series_master.h5');
  });
  afterAll(() => cleanup());

  it('exports a reduced NXmx bundle with manifest, README and checksums that verify --deep and DIALS reads', () => {
    const bundle = join(dir, 'nx');
    const r = beamstack(['export', master, bundle, '--frames', '2:11', '--sum', '2', '--bin', '2', '--frames-per-file', '2', '--json', '--workers', '2'], dir);
    expect(r.status, r.stderr).toBe(0);
    const m = manifestOf(bundle);
    expect(m.output).toMatchObject({ format: 'nxmx', frames: 5, shape: [128, 150], codec: 'bslz4', master: 'series_master.h5' });
    expect(m.frames).toMatchObject({ in: 12, out: 5, dropped: 2 });
    expect(m.stack.stages.map((s) => s.use)).toEqual(['eiger', 'select', 'sum', 'bin', 'bslz4', 'nxmx']);
    expect(m.stack.stages.every((s) => /^@beamstack\/[a-z0-9-]+@\d+\.\d+\.\d+/.test(s.plugin))).toBe(true);
    expect(m.source.files.map((f) => f.sha256).every((h) => /^[0-9a-f]{64}$/.test(h))).toBe(true);
    const names = m.files.map((f) => f.path).sort();
    expect(names).toEqual(['README.txt', 'SHA256SUMS', 'series_data_000001.h5', 'series_data_000002.h5', 'series_data_000003.h5', 'series_master.h5']);
    expect(m.files.filter((f) => f.role === 'data').map((f) => f.frames)).toEqual([2, 2, 1]);
    expect(readdirSync(bundle).sort()).toEqual(['MANIFEST.json', ...names].sort());
    const readme = readFileSync(join(bundle, 'README.txt'), 'utf8');
    expect(readme).toMatch(/dials\.import series_master\.h5/);
    expect(readme).toMatch(/sum: summed/);
    const sums = run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: bundle });
    expect(sums.status, sums.stdout + sums.stderr).toBe(0);
    expect(verify(bundle, true)).toEqual({ status: 0, findings: [] });
    const check = checkNxmx(join(bundle, 'series_master.h5'), ['--dxtbx']);
    expect(check.report.errors).toEqual([]);
    expect(check.report).toMatchObject({ ok: true, frames: 5 });
  });

  it('verify catches a flipped byte, a missing file and a truncated file', () => {
    const bundle = join(dir, 'tamper');
    expect(beamstack(['export', master, bundle, '--frames', '1:6', '--frames-per-file', '2'], dir).status).toBe(0);
    expect(verify(bundle, false).status).toBe(0);
    const data = join(bundle, 'series_data_000002.h5');
    const bytes = readFileSync(data);
    const at = bytes.length - 100;
    bytes[at] = bytes[at]! ^ 0x10;
    writeFileSync(data, bytes);
    let v = verify(bundle, false);
    expect(v.status).toBe(1);
    expect(v.findings).toContainEqual(expect.objectContaining({ code: 'checksum', file: 'series_data_000002.h5' }));
    bytes[at] = bytes[at]! ^ 0x10;
    writeFileSync(data, bytes);
    expect(verify(bundle, false).status).toBe(0);
    unlinkSync(join(bundle, 'series_data_000003.h5'));
    truncateSync(join(bundle, 'series_data_000001.h5'), statSync(join(bundle, 'series_data_000001.h5')).size - 1000);
    v = verify(bundle, true);
    expect(v.status).toBe(1);
    expect(v.findings).toContainEqual(expect.objectContaining({ code: 'missing', file: 'series_data_000003.h5' }));
    expect(v.findings).toContainEqual(expect.objectContaining({ code: 'size', file: 'series_data_000001.h5' }));
  });

  it('resumes after being killed at several points; a killed export never verifies as complete', async () => {
    const args = (bundle: string): string[] => ['export', master, bundle, '--frames-per-file', '1', '--codec', 'deflate', '--workers', '1'];
    const points: [string, (bundle: string) => boolean][] = [
      ['journal written', (b) => existsSync(join(b, '.beamstack-export.json'))],
      ['first data file done', (b) => existsSync(join(b, 'series_data_000001.h5'))],
      ['half the data files done', (b) => existsSync(join(b, 'series_data_000006.h5'))],
      ['README written', (b) => existsSync(join(b, 'README.txt'))],
    ];
    let kills = 0;
    for (const [name, when] of points) {
      const bundle = join(dir, `kill-${name.replace(/\W+/g, '-')}`);
      const killed = await killWhen(args(bundle), () => when(bundle), { cwd: dir });
      if (killed) {
        kills++;
        const v = verify(bundle, false);
        expect(v.status, `after a kill at "${name}" the bundle must not verify`).toBe(1);
      }
      const again = beamstack([...args(bundle), '--json'], dir);
      expect(again.status, `${name}: ${again.stderr}`).toBe(0);
      const summary = JSON.parse(again.stdout) as { frames: { out: number; resumed: number }; bundle?: { frames: number } };
      if (summary.bundle) expect(summary.frames.out + summary.frames.resumed).toBe(12);
      if (killed && name === 'half the data files done') expect(summary.frames.resumed).toBeGreaterThanOrEqual(5);
      expect(verify(bundle, true), name).toEqual({ status: 0, findings: [] });
      expect(checkNxmx(join(bundle, 'series_master.h5'), ['--expect-npy', join(dir, 'in', 'expected_frames.npy')]).report.errors).toEqual([]);
    }
    // The polling can miss a point on a fast run; most kills must land for the test to mean anything.
    expect(kills).toBeGreaterThanOrEqual(3);
  });

  it('refuses a different export into a folder that holds one, and reports a finished one as complete', () => {
    const bundle = join(dir, 'nx');
    const other = beamstack(['export', master, bundle, '--frames', '1:3'], dir);
    expect(other.status).not.toBe(0);
    expect(other.stderr).toMatch(/other options/);
    const same = beamstack(['export', master, bundle, '--frames', '2:11', '--sum', '2', '--bin', '2', '--frames-per-file', '2'], dir);
    expect(same.status, same.stderr).toBe(0);
    expect(same.stdout).toMatch(/already holds this export/);
  });

  it('exports a CBF bundle that verifies --deep and that fabio, CBFlib and DIALS read', () => {
    const bundle = join(dir, 'cbf');
    const r = beamstack(['export', master, bundle, '--to', 'cbf', '--frames', '1:4', '--roi', '10,20,200,180'], dir);
    expect(r.status, r.stderr).toBe(0);
    const m = manifestOf(bundle);
    expect(m.output).toMatchObject({ format: 'cbf', frames: 4, shape: [180, 200], codec: 'byte-offset' });
    const cbfs = m.files.filter((f) => f.role === 'frame').map((f) => f.path);
    expect(cbfs).toEqual(['series_000001.cbf', 'series_000002.cbf', 'series_000003.cbf', 'series_000004.cbf']);
    expect(verify(bundle, true)).toEqual({ status: 0, findings: [] });
    const check = checkCbf(cbfs.map((f) => join(bundle, f)), ['--dxtbx']);
    expect(check.report.errors).toEqual([]);
    expect(readFileSync(join(bundle, 'README.txt'), 'utf8')).toMatch(/NAME_TEMPLATE_OF_DATA_FRAMES=series_\?{6}\.cbf/);
  });

  it('--dry-run estimates size and CPU from a sample and writes nothing', () => {
    const bundle = join(dir, 'dry');
    const r = beamstack(['export', master, bundle, '--bin', '2', '--dry-run', '--json'], dir);
    expect(r.status, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout) as { outputFrames: number; sampledFrames: number; expectedBytes: number; cpuMsPerFrame: number; reduction: number };
    expect(e.outputFrames).toBe(12);
    expect(e.sampledFrames).toBe(8);
    expect(e.cpuMsPerFrame).toBeGreaterThan(0);
    expect(existsSync(bundle)).toBe(false);
    // the estimate is close to what a real export of the same choices writes
    const real = join(dir, 'dry-real');
    expect(beamstack(['export', master, real, '--bin', '2'], dir).status).toBe(0);
    const m = manifestOf(real);
    const written = m.files.filter((f) => f.role === 'data' || f.role === 'master').reduce((n, f) => n + f.bytes, 0);
    expect(e.expectedBytes / written).toBeGreaterThan(0.8);
    expect(e.expectedBytes / written).toBeLessThan(1.25);
    const stack = beamstack(['run', '--dry-run', '--json', '--workers', '1'], dir);
    expect(stack.status, stack.stderr).toBe(0);
    expect(JSON.parse(stack.stdout)).toMatchObject({ dryRun: true, outputFrames: 20, sampledFrames: 8 });
  });

  it('init writes both presets; edited to point at a dataset they validate and run end to end', () => {
    const presets = join(dir, 'presets');
    for (const name of ['beamline', 'export']) {
      const r = beamstack(['init', name, presets], dir);
      expect(r.status, r.stderr).toBe(0);
      const path = join(presets, `${name}.yaml`);
      writeFileSync(path, readFileSync(path, 'utf8').replace('path: /data/visit/run1_master.h5', `path: ${master}`));
      expect(beamstack(['validate', path], dir).status).toBe(0);
      const out = join(dir, `preset-${name}`);
      const ran = beamstack(['run', path, '--out', out, '--json'], dir);
      expect(ran.status, ran.stderr + ran.stdout.slice(-600)).toBe(0);
      const summary = JSON.parse(ran.stdout) as { frames: { in: number; out: number }; passThrough: string[] };
      const masterName = readdirSync(out).find((f) => f.endsWith('_master.h5'))!;
      const check = checkNxmx(join(out, masterName), ['--dxtbx']);
      expect(check.report.errors, name).toEqual([]);
      if (name === 'beamline') {
        expect(summary.frames).toMatchObject({ in: 12, out: 12 });
        expect(summary.passThrough.length).toBeGreaterThan(0);
        expect(checkNxmx(join(out, masterName), ['--expect-npy', join(dir, 'in', 'expected_frames.npy')]).report.errors).toEqual([]);
      } else {
        expect(summary.frames).toMatchObject({ in: 12, out: 6 });
      }
    }
    expect(beamstack(['init', 'beamline', presets], dir).status).not.toBe(0);
  });
});

describeInterop('beamstack export of a simulated Eiger 16M dataset', ['h5py', 'hdf5plugin', 'numpy'], () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
  });
  afterAll(() => cleanup());

  it('binned 16M bundle verifies --deep and DIALS reads it', () => {
    const stack = join(dir, 'make16m.yaml');
    writeFileSync(stack, 'stages:\n  - use: simulate\n    with: { detector: eiger-16m, frames: 3, seed: 5 }\n  - use: bslz4\n  - use: nxmx\n    with: { prefix: sim16m }\n');
    const made = beamstack(['run', stack, '--out', join(dir, 'in'), '--workers', '2'], dir);
    expect(made.status, made.stderr).toBe(0);
    const bundle = join(dir, 'bundle');
    const r = beamstack(['export', join(dir, 'in', 'sim16m_master.h5'), bundle, '--bin', '2', '--workers', '2'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(manifestOf(bundle).output).toMatchObject({ frames: 3, shape: [2185, 2075] });
    expect(verify(bundle, true)).toEqual({ status: 0, findings: [] });
    const check = checkNxmx(join(bundle, 'sim16m_master.h5'), ['--dxtbx', '--max-frames', '1']);
    expect(check.report.errors).toEqual([]);
  });
});

describeDectris('export bundles from the real DECTRIS files', /_data_000001\.h5$/, (files) => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
  });
  afterAll(() => cleanup());

  it.each(files.map((f) => [f.split('/').pop()!, f]))('%s → NXmx bundle that verifies --deep, h5py and DIALS read', (_name, file) => {
    const bundle = join(dir, _name.replace(/\.h5$/, ''));
    const r = beamstack(['export', file, bundle, '--codec', 'bslz4'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(verify(bundle, true)).toEqual({ status: 0, findings: [] });
    const m = manifestOf(bundle);
    const check = checkNxmx(join(bundle, m.output.master!), ['--dxtbx']);
    expect(check.report.errors).toEqual([]);
    expect(check.report.frames).toBe(m.output.frames);
    expect((check.report['dxtbx'] as { num_images: number }).num_images).toBe(m.output.frames);
  });

  it.each(files.map((f) => [f.split('/').pop()!, f]))('%s: both presets (init, edit the path, run) end to end', (name, file) => {
    const presets = join(dir, `presets-${name}`);
    for (const preset of ['beamline', 'export']) {
      expect(beamstack(['init', preset, presets], dir).status).toBe(0);
      const path = join(presets, `${preset}.yaml`);
      writeFileSync(path, readFileSync(path, 'utf8').replace('path: /data/visit/run1_master.h5', `path: ${file}`));
      const out = join(presets, `out-${preset}`);
      const ran = beamstack(['run', path, '--out', out, '--json'], dir);
      expect(ran.status, ran.stderr + ran.stdout.slice(-400)).toBe(0);
      const summary = JSON.parse(ran.stdout) as { frames: { in: number; out: number } };
      expect(summary.frames.out).toBe(preset === 'beamline' ? summary.frames.in : Math.floor(summary.frames.in / 2));
      const masterName = readdirSync(out).find((f) => f.endsWith('_master.h5'))!;
      expect(checkNxmx(join(out, masterName)).report.errors, preset).toEqual([]);
    }
  });
});
