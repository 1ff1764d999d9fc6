import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FuzzUsageError, type FuzzRunOptions, type FuzzTarget } from './target.js';
import { codecsTarget } from './targets/codecs.js';
import { replay } from './targets/replay.js';

// More targets (e.g. `cbf` for the CBF reader) register here.
const TARGETS: Readonly<Record<string, FuzzTarget>> = {
  codecs: codecsTarget,
  cbf: (await import('./targets/cbf.js')).cbfTarget,
};

const USAGE = `usage: pnpm fuzz TARGET [options]
       pnpm fuzz replay REPRODUCER.json...

targets:
${Object.values(TARGETS)
  .map((t) => `  ${t.name.padEnd(8)} ${t.summary}`)
  .join('\n')}

options:
  --iterations N   inputs per fuzzed unit (codec) (default 1000000)
  --seed S         seed; the same seed gives the same inputs (default 1)
  --codec ID       only this codec (repeatable)
  --seconds S      time limit per fuzzed unit
  --out DIR        where reproducers of failures are written (default ./fuzz-findings)
  --hang-ms MS     a single decode slower than this is a failure (default 1000)
  --plugin PATH    also load this plugin folder (repeatable)
  --json           one JSON summary line per unit on stdout
Progress goes to stderr; the exit code is 1 when anything failed.
`;

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`--${name} must be a non-negative integer, got '${value}'`);
  return n;
}

class UsageError extends FuzzUsageError {}

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      iterations: { type: 'string' },
      seed: { type: 'string' },
      codec: { type: 'string', multiple: true },
      seconds: { type: 'string' },
      out: { type: 'string' },
      'hang-ms': { type: 'string' },
      plugin: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  if (values.help || positionals.length === 0) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  const [name, ...rest] = positionals;
  const seconds = values.seconds === undefined ? undefined : Number(values.seconds);
  if (seconds !== undefined && !(seconds > 0)) throw new UsageError(`--seconds must be a positive number, got '${values.seconds}'`);
  const options: FuzzRunOptions = {
    iterations: positiveInteger('iterations', values.iterations, 1_000_000),
    seed: positiveInteger('seed', values.seed, 1),
    seconds,
    only: values.codec ?? [],
    outDir: resolve(values.out ?? 'fuzz-findings'),
    hangMs: positiveInteger('hang-ms', values['hang-ms'], 1000),
    plugins: (values.plugin ?? []).map((p) => resolve(p)),
    json: values.json,
  };
  if (name === 'replay') {
    if (rest.length === 0) throw new UsageError('replay needs reproducer files');
    return (await replay(rest, options.hangMs, options.plugins)) ? 0 : 1;
  }
  const target = TARGETS[name!];
  if (!target) throw new UsageError(`unknown target '${name}' (known: ${Object.keys(TARGETS).join(', ')}, replay)`);
  if (rest.length > 0) throw new UsageError(`unexpected arguments: ${rest.join(' ')}`);
  return (await target.run(options)) ? 0 : 1;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof FuzzUsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`fuzz: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
}
