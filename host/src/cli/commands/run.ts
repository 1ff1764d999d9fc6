import { resolve } from 'node:path';
import { DEFAULT_STACK_PATH } from '../../host.js';
import { prepareStack } from '../../stack/prepare.js';
import { readStackFile } from '../../stack/stack-file.js';
import type { Command } from '../command.js';
import { usage } from '../command.js';
import { estimateCost, formatEstimate } from '../dry-run.js';
import { runPrepared } from '../run-prepared.js';

export const runCommand: Command = {
  name: 'run',
  summary: 'Run a stack: read or generate frames, pass them through its stages and write the output.',
  usage: 'beamstack run [STACK] [--out DIR] [--workers N] [--json] [--plugin PATH]...',
  details:
    'STACK is a YAML or JSON stack file; without it the embedded default stack runs (a simulated Eiger 4M\n' +
    'series compressed with bslz4 into an NXmx master + data files). Every option of every stage is checked\n' +
    'before anything starts. The summary counts frames in and out; exit code 0 = success, 1 = failure.',
  options: [
    { name: 'out', type: 'string', value: 'DIR', description: 'output folder (default ./out)' },
    { name: 'workers', type: 'integer', description: 'worker threads (default: stack file, else number of cores)' },
    { name: 'json', type: 'boolean', description: 'print the run summary as one JSON object' },
    { name: 'no-checksums', type: 'boolean', description: 'do not record the SHA-256 of the input files (saves one read of the inputs)' },
    { name: 'dry-run', type: 'boolean', description: 'process a sample of frames and print the expected output size, reduction and CPU time; write nothing' },
    { name: 'plugin', type: 'list', value: 'PATH', description: 'load a plugin from this folder (repeatable)' },
    { name: 'help', type: 'boolean', description: 'show this help' },
  ],
  async run(args, io) {
    if (args.positionals.length > 1) throw usage(this, `expected at most one stack file, got ${args.positionals.length}`);
    const stackPath = args.positionals[0] ? resolve(io.cwd, args.positionals[0]) : DEFAULT_STACK_PATH;
    const workersOption = args.integers.workers;
    if (workersOption !== undefined && workersOption < 1) throw usage(this, '--workers: must be >= 1', '--workers');
    const file = await readStackFile(stackPath, args.positionals[0] ?? 'default.yaml');
    const search = { cwd: io.cwd, plugins: args.lists.plugin!.map((p) => resolve(io.cwd, p)) };
    const prepared = await prepareStack(file, search);
    if (args.flags['dry-run']) {
      const estimate = await estimateCost(file, search, { workers: workersOption, json: args.flags.json! }, io);
      io.out(args.flags.json ? JSON.stringify({ dryRun: true, stack: file.name, ...estimate }) : formatEstimate(file.label, estimate));
      return 0;
    }
    return runPrepared(prepared, resolve(io.cwd, args.strings.out ?? 'out'), { workers: workersOption, json: args.flags.json!, checksums: !args.flags['no-checksums'] }, io);
  },
};
