import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Hdf5File, u64 } from '../src/index.js';
import { bytesOf, sha256, tempDir, runScript } from './helpers.js';
import { PYTHON, run } from '@beamstack/testkit';
import { describeInterop } from '@beamstack/testkit/vitest';

const dir = tempDir('vds');

function frame(i: number): Uint32Array {
  return new Uint32Array(3 * 5).map((_, k) => i * 1000 + k);
}

describeInterop('virtual dataset over data files', ['h5py', 'hdf5plugin'], () => {
  it('maps frames of several files into one dataset that HDF5 reads across files', async () => {
    const perFile = [2, 2, 1];
    const names = ['run%1_data_000001.h5', 'run%1_data_000002.h5', 'run%1_data_000003.h5'];
    let first = 0;
    for (let k = 0; k < names.length; k++) {
      const f = await Hdf5File.create(join(dir, names[k]!));
      const ds = f.chunkedDataset('/entry/data/data', { dtype: 'uint32', frameShape: [3, 5], fillValue: 0xffffffff });
      for (let i = 0; i < perFile[k]!; i++) await ds.writeChunk(i, bytesOf(frame(first + i)));
      ds.attr('image_nr_low', u64(first + 1)).attr('image_nr_high', u64(first + perFile[k]!));
      await f.close();
      first += perFile[k]!;
    }
    const master = join(dir, 'run%1_master.h5');
    const m = await Hdf5File.create(master);
    const sources = names.map((file, k) => ({
      file,
      dataset: '/entry/data/data',
      frames: perFile[k]!,
      firstFrame: perFile.slice(0, k).reduce((a, b) => a + b, 0),
    }));
    m.group('/entry/data', { NX_class: 'NXdata', signal: 'data' });
    names.forEach((file, k) => m.externalLink(`/entry/data/data_00000${k + 1}`, file, '/entry/data/data'));
    m.virtualDataset('/entry/data/data', { dtype: 'uint32', shape: [5, 3, 5], fillValue: 0xffffffff, sources });
    await m.close();

    // Read from another working directory: source names resolve against the master's directory.
    const elsewhere = join(dir, 'cwd');
    mkdirSync(elsewhere);
    const script = [
      'import h5py, hashlib, json, sys',
      'f = h5py.File(sys.argv[1], "r")',
      'd = f["entry/data/data"]',
      'print(json.dumps({"virtual": d.is_virtual, "shape": list(d.shape), "fill": int(d.fillvalue),',
      '  "sources": [s.file_name for s in d.virtual_sources()],',
      '  "frames": [hashlib.sha256(d[i].tobytes()).hexdigest() for i in range(d.shape[0])]}))',
    ].join('\n');
    const r = run(PYTHON, ['-c', script, master], { cwd: elsewhere });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { virtual: boolean; shape: number[]; fill: number; sources: string[]; frames: string[] };
    expect(out.virtual).toBe(true);
    expect(out.shape).toEqual([5, 3, 5]);
    expect(out.fill).toBe(0xffffffff);
    expect(out.sources).toEqual(names.map((n) => n.replace('%', '%%')));
    expect(out.frames).toEqual([0, 1, 2, 3, 4].map((i) => sha256(bytesOf(frame(i)))));
    expect(run('h5dump', ['-H', master]).status).toBe(0);
    expect(runScript<Record<string, { layout: string }>>('describe.py', [master])['/entry/data/data']!.layout).toBe('virtual');
  });

  it('reads unmapped frames as the fill value', async () => {
    const data = join(dir, 'one.h5');
    const f = await Hdf5File.create(data);
    const ds = f.chunkedDataset('/d', { dtype: 'uint32', frameShape: [3, 5] });
    await ds.writeChunk(0, bytesOf(frame(7)));
    await f.close();
    const master = join(dir, 'partial.h5');
    const m = await Hdf5File.create(master);
    m.virtualDataset('/v', { dtype: 'uint32', shape: [3, 3, 5], fillValue: 42, sources: [{ file: 'one.h5', dataset: '/d', frames: 1, firstFrame: 1 }] });
    await m.close();
    const r = run('/usr/bin/python3', ['-c', 'import h5py,sys; d=h5py.File(sys.argv[1])["v"]; print(int(d[0,0,0]), int(d[1,0,1]), int(d[2,2,4]))', master]);
    expect(r.stdout.trim()).toBe('42 7001 42');
  });
});
