import { parseArgs } from 'node:util';
import { Reporter } from './report.js';
import type { Suite } from './suite.js';
import { codecsSuite } from './suites/codecs.js';
import { pipelineSuite } from './suites/pipeline.js';

const SUITES: Readonly<Record<string, Suite>> = {
  pipeline: pipelineSuite,
  codecs: codecsSuite,
  cbf: (await import('./suites/cbf.js')).cbfSuite,
  transforms: (await import('./suites/transforms.js')).transformsSuite,
  export: (await import('./suites/export.js')).exportSuite,
  hdf5: (await import('./suites/hdf5.js')).hdf5Suite,
};

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  options: {
    json: { type: 'boolean', default: false },
    frames: { type: 'string' },
    reps: { type: 'string' },
    sizes: { type: 'string' },
    'no-native': { type: 'boolean', default: false },
    'oracle-frames': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
  allowPositionals: true,
});

if (values.help || positionals.length === 0) {
  process.stdout.write(
    `usage: pnpm bench SUITE... [--json] [--frames N] [--reps N] [--sizes 4M,16M] [--no-native] [--oracle-frames]\n\nsuites: ${Object.keys(SUITES).join(', ')}, all\n` +
      'Speeds are MB/s of uncompressed pixels (10^6 bytes), with ratios to native baselines measured in the same run.\n',
  );
  process.exit(values.help ? 0 : 2);
}

const names = positionals.includes('all') ? Object.keys(SUITES) : positionals;
const unknown = names.filter((n) => !SUITES[n]);
if (unknown.length) {
  process.stderr.write(`unknown suite(s): ${unknown.join(', ')}; known: ${Object.keys(SUITES).join(', ')}\n`);
  process.exit(2);
}
const report = new Reporter(values.json);
const frames = values.frames !== undefined ? Number(values.frames) : undefined;
const reps = values.reps !== undefined ? Number(values.reps) : undefined;
const options = {
  ...(frames !== undefined ? { frames } : {}),
  ...(reps !== undefined ? { reps } : {}),
  ...(values.sizes !== undefined ? { sizes: values.sizes.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
  native: !values['no-native'],
  oracleFrames: values['oracle-frames'],
};
for (const name of names) await SUITES[name]!(report, options);
