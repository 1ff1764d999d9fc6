import { isBeamstackError, formatError, ErrorCodes } from '@beamstack/contract';
import { HOST_ID } from '../version.js';
import { helpText, parseCommandArgs, type Command, type CommandIO } from './command.js';
import { convertCommand } from './commands/convert.js';
import { exportCommand } from './commands/export.js';
import { initCommand } from './commands/init.js';
import { inspectCommand } from './commands/inspect.js';
import { pluginsCommand } from './commands/plugins.js';
import { runCommand } from './commands/run.js';
import { validateCommand } from './commands/validate.js';
import { verifyCommand } from './commands/verify.js';

const COMMANDS: readonly Command[] = [runCommand, validateCommand, convertCommand, exportCommand, inspectCommand, initCommand, verifyCommand, pluginsCommand];

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: beamstack COMMAND [options]   (beamstack COMMAND --help for details)',
    '',
    'beamstack runs stacks of plugin stages over X-ray detector data: sources, transforms, codecs, writers.',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'options: --help, --version',
  ].join('\n');
}

export async function main(argv: readonly string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(overview());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    io.out(HOST_ID);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`error: ${ErrorCodes.USAGE}: unknown command '${name}'\n\n${overview()}`);
    return 2;
  }
  try {
    const args = parseCommandArgs(command, rest);
    if (args.flags.help) {
      io.out(helpText(command));
      return 0;
    }
    return await command.run(args, io);
  } catch (error) {
    if (isBeamstackError(error)) {
      io.err(`error: ${formatError(error)}`);
      return error.code === ErrorCodes.USAGE ? 2 : 1;
    }
    io.err(`error: ${ErrorCodes.INTERNAL}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
}
