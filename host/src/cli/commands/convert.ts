import { stringify } from 'yaml';
import { prepareStack } from '../../stack/prepare.js';
import type { Command } from '../command.js';
import { usage } from '../command.js';
import { conversionStack, outputOptions, reductionOptions } from '../conversion.js';
import { runPrepared } from '../run-prepared.js';
import { resolve } from 'node:path';

export const convertCommand: Command = {
  name: 'convert',
  summary: 'Convert a dataset in one go (a stack built from the options): subset, sum, bin, crop, mask, recompress; NXmx or CBF.',
  usage:
    'beamstack convert INPUT OUTPUT [--frames SPEC] [--sum N] [--bin B] [--roi X,Y,W,H] [--dmin A] [--mask FILE] [--to nxmx|cbf] [--codec ID] [--frames-per-file N] [--dataset PATH] [--workers N] [--json] [--print-stack]',
  details:
    'INPUT: a DECTRIS/NXmx master or data file (.h5), or a CBF series (name_######.cbf, a glob, or one .cbf).\n' +
    'OUTPUT: a prefix (out/series → out/series_master.h5 + out/series_data_000001.h5 ...) or a CBF series name\n' +
    '(out/series_######.cbf → out/series_000001.cbf ...). --frames, --sum, --bin, --roi, --dmin and --mask are\n' +
    'applied in the order given. Frames are 1-based image numbers. When no stage needs pixels and the output codec\n' +
    'equals the input codec, chunks are copied without decoding. --print-stack prints the equivalent stack file.',
  options: [
    ...reductionOptions,
    ...outputOptions,
    { name: 'workers', type: 'integer', description: 'worker threads (default: number of cores)' },
    { name: 'json', type: 'boolean', description: 'print the run summary as one JSON object' },
    { name: 'print-stack', type: 'boolean', description: 'print the stack this conversion runs, as YAML, and exit' },
    { name: 'no-checksums', type: 'boolean', description: 'do not record the SHA-256 of the input files (saves one read of the inputs)' },
    { name: 'plugin', type: 'list', value: 'PATH', description: 'load a plugin from this folder (repeatable)' },
    { name: 'help', type: 'boolean', description: 'show this help' },
  ],
  async run(args, io) {
    if (args.positionals.length !== 2) throw usage(this, 'expected INPUT and OUTPUT');
    const [input, output] = args.positionals as [string, string];
    const conversion = conversionStack(input, output, args, io.cwd, 'convert');
    const { stack } = conversion;
    if (args.flags['print-stack']) {
      io.out(stringify({ name: stack.name, description: stack.description, stages: stack.stages.map((s) => ({ use: s.use, with: s.with })) }));
      return 0;
    }
    const prepared = await prepareStack(stack, { cwd: io.cwd, plugins: args.lists.plugin!.map((p) => resolve(io.cwd, p)) });
    return runPrepared(prepared, conversion.outDir, { workers: args.integers.workers, json: args.flags.json!, checksums: !args.flags['no-checksums'] }, io);
  },
};
