import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PYTHON, ORACLE_DIR, beamstack as cli, checkCbf, checkNxmx, pythonJson, run, type RunResult } from '@beamstack/testkit';
import { describeInterop } from '@beamstack/testkit/vitest';
import { tempDir } from './support.js';


interface Summary {
  ok: boolean;
  frames: { in: number; out: number; dropped: number; outAsSource: number };
  passThrough: string[];
  stages: { label: string; framesIn: number; framesOut: number }[];
  inputs: { path: string; bytes: number; sha256: string | null }[];
  error: { code: string; message: string } | null;
}

const beamstack = (args: readonly string[], cwd: string): RunResult => cli(args, { cwd });

function convert(args: readonly string[], cwd: string): Summary {
  const r = beamstack(['convert', ...args, '--workers', '2', '--json'], cwd);
  if (r.status !== 0) throw new Error(`convert ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(r.stdout) as Summary;
}

// Reads frames with h5py (NXmx) or fabio (CBF) and compares them with an independent numpy
// reference built from the generator's expected frames and mask.
const COMPARE = `
import json, sys, glob
import numpy as np
import h5py, hdf5plugin, fabio
expected = np.load(sys.argv[1]).astype(np.int64)
mask = np.load(sys.argv[2])
kind, target, first, last, b = sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
ref = expected[first - 1:last]
m = mask != 0
if b > 1:
    n, h, w = ref.shape
    H, W = h // b, w // b
    ref = ref[:, :H * b, :W * b].reshape(n, H, b, W, b).sum(axis=(2, 4))
    m = m[:H * b, :W * b].reshape(H, b, W, b).any(axis=(1, 3))
if kind == 'nxmx':
    with h5py.File(target, 'r') as f:
        got = f['/entry/data/data'][()].astype(np.int64)
else:
    got = np.stack([fabio.open(p).data.astype(np.int64) for p in sorted(glob.glob(target))])
ok_shape = got.shape == ref.shape
valid = ~m
diff = int(np.count_nonzero(got[:, valid] != ref[:, valid])) if ok_shape else -1
masked_negative = bool(np.all(got[:, m] < 0)) if (ok_shape and kind == 'cbf') else None
print(json.dumps({"shape": list(got.shape), "ref_shape": list(ref.shape), "differing_valid_pixels": diff, "masked_negative": masked_negative, "valid_pixels": int(valid.sum())}))
`;

interface Comparison {
  shape: number[];
  ref_shape: number[];
  differing_valid_pixels: number;
  masked_negative: boolean | null;
  valid_pixels: number;
}

describeInterop('beamstack convert: NXmx ⇄ CBF with reductions, checked by h5py, fabio, CBFlib and DIALS', ['h5py', 'hdf5plugin', 'fabio', 'numpy'], () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let master: string;
  const compare = (kind: 'nxmx' | 'cbf', target: string, first: number, last: number, bin: number): Comparison =>
    pythonJson<Comparison>(COMPARE, [join(dir, 'in', 'expected_frames.npy'), join(dir, 'in', 'expected_mask.npy'), kind, target, String(first), String(last), String(bin)]);

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    const r = run(PYTHON, [join(ORACLE_DIR, 'make_eiger_like.py'), join(dir, 'in'), '--frames', '6', '--shape', '64', '80', '--dtype', 'uint32', '--compression', 'bslz4', '--frames-per-file', '4', '--vds']);
    expect(r.status, r.stderr).toBe(0);
    master = join(dir, 'in', 'series_master.h5');
  });
  afterAll(() => cleanup());

  it('copies a frame subset of a bslz4 dataset without decoding, and DIALS reads the result', () => {
    const summary = convert([master, 'out/sub', '--frames', '2:5'], dir);
    expect(summary.ok).toBe(true);
    expect(summary.frames).toMatchObject({ in: 6, out: 4, dropped: 2 });
    expect(summary.passThrough.length).toBeGreaterThan(0);
    expect(summary.stages.some((s) => s.label.startsWith('decode'))).toBe(false);
    const check = checkNxmx(join(dir, 'out', 'sub_master.h5'), ['--dxtbx']);
    expect(check.report.errors).toEqual([]);
    expect(check.report).toMatchObject({ ok: true, frames: 4 });
    expect(compare('nxmx', join(dir, 'out', 'sub_master.h5'), 2, 5, 1)).toMatchObject({ shape: [4, 64, 80], differing_valid_pixels: 0 });
    // The HDF5 command-line tools read the layout too (header, links, VDS, filters).
    const dump = run('h5dump', ['-H', join(dir, 'out', 'sub_master.h5')]);
    expect(dump.status, dump.stderr).toBe(0);
    expect(dump.stdout).toMatch(/DATASET "data"/);
    const ls = run('h5ls', ['-r', join(dir, 'out', 'sub_master.h5')], { cwd: join(dir, 'out') });
    expect(ls.status, ls.stderr).toBe(0);
    expect(ls.stdout).toMatch(/\/entry\/data\/data\s+Dataset \{4, 64, 80\}/);
    expect(ls.stdout).toMatch(/data_000001\s+External Link \{sub_data_000001\.h5/);
  });

  it('records the chain and the input checksums in the NXmx provenance', () => {
    const summary = convert([master, 'out/prov', '--frames', '1:2', '--codec', 'lz4'], dir);
    const sha = createHash('sha256').update(readFileSync(master)).digest('hex');
    expect(summary.inputs.find((i) => i.path === master)?.sha256).toBe(sha);
    const prov = pythonJson<{ programs: string[]; options: string[]; inputs: [string, string][] }>(
      `
import json, sys, h5py
with h5py.File(sys.argv[1], 'r') as f:
    e = f['/entry']
    procs = sorted(k for k in e if k.startswith('process_'))
    programs = [e[k]['program'][()].decode() for k in procs]
    options = [e[k]['options/data'][()].decode() for k in procs]
    inputs = [(g['file_name'][()].decode(), g['sha256'][()].decode()) for g in (e['input_files'][k] for k in sorted(e['input_files']))]
print(json.dumps({"programs": programs, "options": options, "inputs": inputs}))
`,
      [join(dir, 'out', 'prov_master.h5')],
    );
    expect(prov.programs).toEqual(['@beamstack/source-eiger', '@beamstack/transform-select', '@beamstack/codec-lz4', '@beamstack/writer-nxmx']);
    expect(JSON.parse(prov.options[1]!)).toEqual({ frames: '1:2' });
    expect(prov.inputs).toContainEqual([master, sha]);
  });

  it('writes a binned CBF series (eiger2cbf with reductions) that fabio, CBFlib and DIALS read alike', () => {
    const summary = convert([master, 'out/cbf/b2_######.cbf', '--frames', '3:6', '--bin', '2'], dir);
    expect(summary.ok).toBe(true);
    expect(summary.frames).toMatchObject({ in: 6, out: 4, dropped: 2 });
    const files = readdirSync(join(dir, 'out', 'cbf')).sort();
    expect(files).toEqual(['b2_000001.cbf', 'b2_000002.cbf', 'b2_000003.cbf', 'b2_000004.cbf']);
    const check = checkCbf(files.map((f) => join(dir, 'out', 'cbf', f)), ['--dxtbx']);
    expect(check.report.errors).toEqual([]);
    expect(check.report.ok).toBe(true);
    const cmp = compare('cbf', join(dir, 'out', 'cbf', 'b2_*.cbf'), 3, 6, 2);
    expect(cmp).toMatchObject({ shape: [4, 32, 40], differing_valid_pixels: 0, masked_negative: true });
    const header = readFileSync(join(dir, 'out', 'cbf', 'b2_000001.cbf'), 'latin1');
    expect(header).toMatch(/@beamstack\/transform-bin/);
  });

  it('converts the CBF series back into NXmx with the same pixels', () => {
    const summary = convert([join(dir, 'out', 'cbf', 'b2_######.cbf'), 'out/back', '--codec', 'deflate'], dir);
    expect(summary.ok).toBe(true);
    expect(summary.frames).toMatchObject({ in: 4, out: 4 });
    const check = checkNxmx(join(dir, 'out', 'back_master.h5'), ['--dxtbx']);
    expect(check.report.errors).toEqual([]);
    expect(compare('nxmx', join(dir, 'out', 'back_master.h5'), 3, 6, 2)).toMatchObject({ shape: [4, 32, 40], differing_valid_pixels: 0 });
  });

  it('applies --frames, --sum, --bin, --roi in the order given (shown by --print-stack)', () => {
    const r = beamstack(['convert', master, 'out/order', '--bin', '2', '--frames', '1:4', '--sum', '2', '--roi', '0,0,20,16', '--print-stack'], dir);
    expect(r.status).toBe(0);
    const uses = [...r.stdout.matchAll(/- use: (\S+)/g)].map((m) => m[1]);
    expect(uses).toEqual(['eiger', 'bin', 'select', 'sum', 'roi', 'bslz4', 'nxmx']);
    const summary = convert([master, 'out/order', '--bin', '2', '--frames', '1:4', '--sum', '2', '--roi', '0,0,20,16'], dir);
    expect(summary.frames).toMatchObject({ in: 6, out: 2, outAsSource: 4, dropped: 2 });
    const shape = pythonJson<{ shape: number[] }>(
      "import json,sys,h5py,hdf5plugin\nwith h5py.File(sys.argv[1],'r') as f: print(json.dumps({'shape': list(f['/entry/data/data'].shape)}))",
      [join(dir, 'out', 'order_master.h5')],
    );
    expect(shape.shape).toEqual([2, 16, 20]);
  });

  it('inspect describes the written dataset', () => {
    const r = beamstack(['inspect', join(dir, 'out', 'sub_master.h5'), '--json'], dir);
    expect(r.status, r.stderr).toBe(0);
    const info = JSON.parse(r.stdout) as { frames: number; shape: number[]; dtype: string; codec: string | null; mask: { masked: number } };
    expect(info).toMatchObject({ frames: 4, shape: [4, 64, 80], dtype: 'uint32', codec: 'bslz4', mask: { masked: 161 } });
    const text = beamstack(['inspect', join(dir, 'out', 'sub_master.h5')], dir);
    expect(text.stdout).toMatch(/4 x 64 x 80/);
    const cbf = beamstack(['inspect', join(dir, 'out', 'cbf', 'b2_######.cbf'), '--json'], dir);
    expect(cbf.status, cbf.stderr).toBe(0);
    expect(JSON.parse(cbf.stdout)).toMatchObject({ frames: 4, shape: [4, 32, 40], dtype: 'int32' });
  });

  it('refuses bad options with a usage error naming the option, before anything is written', () => {
    const cases: [string[], RegExp][] = [
      [['--roi', '1,2,3'], /--roi/],
      [['--to', 'tiff'], /--to/],
      [['--to', 'cbf', '--codec', 'lz4'], /--codec/],
      [['--sum', '1'], /--sum/],
      [['--bin', 'x'], /--bin/],
      [['--dmin', '-2'], /--dmin/],
    ];
    for (const [extra, option] of cases) {
      const r = beamstack(['convert', master, 'out/bad', ...extra], dir);
      expect(r.status, extra.join(' ')).not.toBe(0);
      expect(r.stderr, extra.join(' ')).toMatch(option);
      expect(r.stderr).toMatch(/BEAMSTACK_E_USAGE/);
    }
    expect(readdirSync(join(dir, 'out')).some((f) => f.startsWith('bad'))).toBe(false);
  });
});
