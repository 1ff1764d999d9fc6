#!/usr/bin/env node
/**
 * Slow end-to-end check of the simulated geometry with DIALS (not part of the unit tests):
 * renders an EIGER2 1M rotation series, writes it as NXmx with the team's Python oracle writer
 * (/work/shared/oracle/make_eiger_like.py), then runs dials.import, dials.find_spots and
 * dials.index and compares the indexed cell with the simulated one.
 *
 *   pnpm build && node plugins/source-simulate/scripts/dials-index-check.mjs [outDir]
 *
 * DIALS corrects positions for parallax in the declared 450 µm Si sensor; the simulation has no
 * parallax, so the script also runs with the sensor thickness set to ~0, where the refined
 * distance should come out at 150.0 mm.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync, writeSync, closeSync, copyFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import plugin, { resolveSimulateOptions, simulatedCrystal } from '../dist/index.js';

const outDir = process.argv[2] ?? '/tmp/beamstack-simulate-dials';
mkdirSync(outDir, { recursive: true });
const stage = plugin.stages[0];
// The oracle writer hard-codes 0.9762 Å, 150 mm, 0.1°/frame and 10 ms, which are also our defaults.
const options = resolveSimulateOptions({ detector: 'eiger-1m', frames: 100, spots: 60 });
const { meta } = stage.open(options, { warn() {} });
const raw = openSync(join(outDir, 'frames.raw'), 'w');
for (let i = 0; i < options.frames; i++) {
  const frame = stage.render(i, { options, meta });
  writeSync(raw, Buffer.from(frame.pixels.buffer, frame.pixels.byteOffset, frame.pixels.byteLength));
}
closeSync(raw);
writeFileSync(join(outDir, 'mask.raw'), Buffer.from(meta.detector.pixelMask.buffer));
writeFileSync(
  join(outDir, 'meta.json'),
  JSON.stringify({ shape: meta.shape, frames: options.frames, beam: meta.detector.beamCenter_px, saturation: meta.detector.saturationValue }),
);

const writer = `
import json, sys, types
import numpy as np
sys.path.insert(0, '/work/shared/oracle')
import make_eiger_like as m
meta = json.load(open('meta.json'))
H, W = meta['shape']; N = meta['frames']
frames = np.memmap('frames.raw', dtype='uint32', mode='r', shape=(N, H, W))
mask = np.fromfile('mask.raw', dtype='uint32').reshape(H, W)
scene = types.SimpleNamespace(bx=meta['beam'][0], by=meta['beam'][1], saturation=meta['saturation'], mask=mask)
args = types.SimpleNamespace(compression='bslz4', vds=True)
m.write_data_file('sim_data_000001.h5', (frames[i] for i in range(N)), N, H, W, 'uint32', 'bslz4', 'direct', 1, 2**32 - 1)
m.write_master('sim_master.h5', 'sim', args, H, W, 'uint32', [('sim_data_000001.h5', N)], mask, scene, N)
`;
execFileSync('/usr/bin/python3', ['-c', writer], { cwd: outDir, stdio: 'inherit' });

function index(dir) {
  const run = (cmd, args) => execFileSync(cmd, args, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
  run('dials.import', ['sim_master.h5']);
  run('dials.find_spots', ['imported.expt', 'nproc=1']);
  const log = run('dials.index', ['imported.expt', 'strong.refl']);
  const cells = [...log.matchAll(/Unit cell: ([\d.()]+), ([\d.()]+), ([\d.()]+)/g)];
  const cell = cells.at(-1).slice(1, 4).map((v) => Number.parseFloat(v));
  const distance = Number.parseFloat(/distance: ([\d.]+)/.exec(run('dials.show', ['indexed.expt']))[1]);
  const indexed = /\|\s+0 \|\s+\d+ \|\s+\d+ \| ([\d.]+)%/.exec(log)?.[1];
  return { cell, distance, indexedPercent: indexed };
}

const truth = simulatedCrystal(options).cell.slice(0, 3);
const withParallax = index(outDir);
const flat = join(outDir, 'no-parallax');
mkdirSync(flat, { recursive: true });
copyFileSync(join(outDir, 'sim_master.h5'), join(flat, 'sim_master.h5'));
try {
  symlinkSync(join(outDir, 'sim_data_000001.h5'), join(flat, 'sim_data_000001.h5'));
} catch {
  // already linked by an earlier run
}
execFileSync('/usr/bin/python3', ['-c', "import h5py; f = h5py.File('sim_master.h5', 'r+'); f['/entry/instrument/detector/sensor_thickness'][...] = 1e-9; f.close()"], { cwd: flat });
const withoutParallax = index(flat);
const report = { simulatedCell: truth, withParallax, withoutParallax };
console.log(JSON.stringify(report, null, 2));
