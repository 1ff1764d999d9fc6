#!/usr/bin/env node
import { ErrorCodes } from '@beamstack/contract';
import { main } from './cli.js';
import type { CommandIO } from './command.js';

const io: CommandIO = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  cwd: process.cwd(),
  stderrIsTTY: Boolean(process.stderr.isTTY),
};

main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${ErrorCodes.INTERNAL}: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
