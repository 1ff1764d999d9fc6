import { copyFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { BeamstackError, ErrorCodes } from '@beamstack/contract';
import { PRESET_STACKS } from '../../host.js';
import type { Command } from '../command.js';
import { usage } from '../command.js';

export const initCommand: Command = {
  name: 'init',
  summary: 'Write a built-in stack as YAML to copy and edit: beamline (data as recorded) or export (reduced, for home).',
  usage: 'beamstack init beamline|export [DIR]',
  details:
    'beamline: DECTRIS master → NXmx, full frames, bslz4 chunks passed through (or recompressed).\n' +
    'export: DECTRIS master → select → sum → bin → roi → bslz4 NXmx, the reductions a user takes home.\n' +
    'Writes DIR/NAME.yaml (DIR defaults to the current folder); an existing file is never replaced.\n' +
    'Check an edited file with `beamstack validate NAME.yaml`.',
  options: [{ name: 'help', type: 'boolean', description: 'show this help' }],
  async run(args, io) {
    const [name, dir = '.'] = args.positionals;
    if (args.positionals.length < 1 || args.positionals.length > 2) throw usage(this, 'expected a preset name (beamline or export) and optionally a folder');
    if (name !== 'beamline' && name !== 'export') throw usage(this, `unknown preset '${String(name)}': choose beamline or export`);
    const folder = resolve(io.cwd, dir);
    const target = join(folder, `${name}.yaml`);
    await mkdir(folder, { recursive: true });
    try {
      // COPYFILE_EXCL: refuse rather than replace a stack someone has edited.
      await copyFile(PRESET_STACKS[name], target, 1);
    } catch (cause) {
      const exists = (cause as NodeJS.ErrnoException).code === 'EEXIST';
      throw new BeamstackError(ErrorCodes.OUTPUT, exists ? `${target} exists; not replacing it` : `cannot write ${target}: ${(cause as Error).message}`, { file: target }, { cause });
    }
    io.out(`wrote ${target}\nedit the input path and choices, check it with: beamstack validate ${target}`);
    return 0;
  },
};
