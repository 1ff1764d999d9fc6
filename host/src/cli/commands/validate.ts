import { resolve } from 'node:path';
import { prepareStack } from '../../stack/prepare.js';
import { readStackFile } from '../../stack/stack-file.js';
import type { Command } from '../command.js';
import { usage } from '../command.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check a stack file without running it: structure, stages, plugin compatibility and every option.',
  usage: 'beamstack validate STACK [--json] [--plugin PATH]...',
  details: 'Exit code 0 when the stack is valid; otherwise every problem is printed as FILE: PATH: MESSAGE and the exit code is 1.',
  options: [
    { name: 'json', type: 'boolean', description: 'print the result as one JSON object' },
    { name: 'plugin', type: 'list', value: 'PATH', description: 'load a plugin from this folder (repeatable)' },
    { name: 'help', type: 'boolean', description: 'show this help' },
  ],
  async run(args, io) {
    if (args.positionals.length !== 1) throw usage(this, 'expected exactly one stack file');
    const path = args.positionals[0]!;
    const prepared = await prepareStack(await readStackFile(resolve(io.cwd, path), path), { cwd: io.cwd, plugins: args.lists.plugin!.map((p) => resolve(io.cwd, p)) });
    const stages = prepared.stack.stages.map((s) => ({
      label: s.label,
      stage: s.stage.id,
      kind: s.stage.kind,
      plugin: `${s.plugin.name}@${s.plugin.version}`,
      options: s.options,
    }));
    if (args.flags.json) io.out(JSON.stringify({ ok: true, stack: path, stages }));
    else io.out(`${path}: ok\n` + stages.map((s) => `  ${s.label}  ${s.stage} (${s.kind}, ${s.plugin})  ${JSON.stringify(s.options)}`).join('\n'));
    return 0;
  },
};
