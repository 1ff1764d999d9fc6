import { parseArgs } from 'node:util';
import { BeamstackError, ErrorCodes } from '@beamstack/contract';

export interface OptionSpec {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'boolean' | 'list';
  readonly description: string;
  readonly value?: string;
}

export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly strings: Readonly<Record<string, string | undefined>>;
  readonly integers: Readonly<Record<string, number | undefined>>;
  readonly flags: Readonly<Record<string, boolean>>;
  readonly lists: Readonly<Record<string, readonly string[]>>;
  /** Every option as given, in command-line order (for commands where order means something). */
  readonly ordered: readonly { readonly name: string; readonly value: string | undefined }[];
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly details?: string;
  readonly options: readonly OptionSpec[];
  /** Returns the process exit code. */
  run(args: ParsedArgs, io: CommandIO): Promise<number>;
}

export interface CommandIO {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly cwd: string;
  readonly stderrIsTTY: boolean;
}

export function parseCommandArgs(command: Command, argv: readonly string[]): ParsedArgs {
  const config: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {};
  for (const o of command.options) config[o.name] = { type: o.type === 'boolean' ? 'boolean' : 'string', ...(o.type === 'list' ? { multiple: true } : {}) };
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: config, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw usage(command, (error as Error).message);
  }
  const strings: Record<string, string | undefined> = {};
  const integers: Record<string, number | undefined> = {};
  const flags: Record<string, boolean> = {};
  const lists: Record<string, string[]> = {};
  for (const o of command.options) {
    const v = parsed.values[o.name];
    if (o.type === 'boolean') flags[o.name] = v === true;
    else if (o.type === 'list') lists[o.name] = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    else if (o.type === 'integer') {
      if (v === undefined) integers[o.name] = undefined;
      else if (typeof v === 'string' && /^\d+$/.test(v)) integers[o.name] = Number(v);
      else throw usage(command, `--${o.name}: must be a whole number, got '${String(v)}'`, `--${o.name}`);
    } else strings[o.name] = typeof v === 'string' ? v : undefined;
  }
  const ordered = parsed.tokens.flatMap((t) => (t.kind === 'option' ? [{ name: t.name, value: t.value }] : []));
  return { positionals: parsed.positionals, strings, integers, flags, lists, ordered };
}

export function usage(command: Command, message: string, option?: string): BeamstackError {
  return new BeamstackError(ErrorCodes.USAGE, `${message}\nusage: ${command.usage} (see beamstack ${command.name} --help)`, option ? { option } : {});
}

export function helpText(command: Command): string {
  const width = Math.max(0, ...command.options.map((o) => optionLabel(o).length));
  const lines = [`usage: ${command.usage}`, '', command.summary];
  if (command.details) lines.push('', command.details);
  if (command.options.length) {
    lines.push('', 'options:');
    for (const o of command.options) lines.push(`  ${optionLabel(o).padEnd(width)}  ${o.description}`);
  }
  return lines.join('\n');
}

function optionLabel(o: OptionSpec): string {
  if (o.type === 'boolean') return `--${o.name}`;
  return `--${o.name} ${o.value ?? (o.type === 'integer' ? 'N' : 'VALUE')}`;
}
