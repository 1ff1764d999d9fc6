import { basename, dirname, resolve } from 'node:path';
import { BeamstackError, ErrorCodes, type JsonObject } from '@beamstack/contract';
import type { StackFile, StackStageSpec } from '../stack/stack-file.js';
import type { OptionSpec, ParsedArgs } from './command.js';
import { sourceFor } from './inputs.js';

/** Options shared by `convert` and `export`: the reduction steps, applied in the order given. */
export const reductionOptions: readonly OptionSpec[] = [
  { name: 'frames', type: 'string', value: 'SPEC', description: 'images to keep, 1-based: 1:900, ::10, [3,7,9] (default: all)' },
  { name: 'sum', type: 'integer', description: 'sum N consecutive frames into one (a short last window is dropped and counted)' },
  { name: 'bin', type: 'integer', value: 'B', description: 'bin B x B pixels into one (sum; a bin with a masked pixel is masked)' },
  { name: 'roi', type: 'string', value: 'X,Y,W,H', description: 'crop to this rectangle (pixels, 0-based, x along the fast axis)' },
  { name: 'dmin', type: 'string', value: 'ANGSTROM', description: 'crop to the smallest rectangle holding every pixel up to this resolution' },
  { name: 'mask', type: 'string', value: 'FILE', description: 'merge a user mask (.npy, nonzero = masked) and set masked pixels to the mask value' },
];

export const outputOptions: readonly OptionSpec[] = [
  { name: 'to', type: 'string', value: 'nxmx|cbf', description: 'output format (default: cbf when the output name ends in .cbf, else nxmx)' },
  { name: 'codec', type: 'string', value: 'ID', description: 'NXmx compression: bslz4 (default), lz4, deflate, none, or any codec id' },
  { name: 'frames-per-file', type: 'integer', description: 'NXmx frames per data file (default 1000)' },
  { name: 'dataset', type: 'string', value: 'PATH', description: 'dataset path in an HDF5 input that is not DECTRIS/NXmx layout' },
];

export type OutputFormat = 'nxmx' | 'cbf';

export interface Conversion {
  readonly stack: StackFile;
  readonly outDir: string;
  readonly format: OutputFormat;
  /** Output names relative to outDir that the writer makes for frame 1 (for messages). */
  readonly firstName: string;
}

function usageError(option: string, message: string): BeamstackError {
  return new BeamstackError(ErrorCodes.USAGE, `--${option}: ${message}`, { option: `--${option}` });
}

function positiveNumber(option: string, text: string): number {
  const value = Number(text);
  if (!/^\s*[0-9.eE+-]+\s*$/.test(text) || !Number.isFinite(value) || value <= 0) throw usageError(option, `must be a positive number, got '${text}'`);
  return value;
}

function integerAtLeast(option: string, text: string | undefined, min: number): number {
  if (text === undefined || !/^\d+$/.test(text) || Number(text) < min) throw usageError(option, `must be a whole number >= ${min}, got '${String(text)}'`);
  return Number(text);
}

/** The transform stages for the reduction options, in command-line order. */
export function reductionStages(args: ParsedArgs, cwd: string): StackStageSpec[] {
  const stages: StackStageSpec[] = [];
  for (const { name, value } of args.ordered) {
    if (value === undefined) continue;
    switch (name) {
      case 'frames':
        stages.push({ use: 'select', with: { frames: value } });
        break;
      case 'sum':
        stages.push({ use: 'sum', with: { frames: integerAtLeast('sum', value, 2) } });
        break;
      case 'bin':
        stages.push({ use: 'bin', with: { factor: integerAtLeast('bin', value, 2) } });
        break;
      case 'roi': {
        const parts = value.split(',').map((p) => p.trim());
        if (parts.length !== 4 || parts.some((p) => !/^\d+$/.test(p))) throw usageError('roi', `expected X,Y,W,H (four whole numbers), got '${value}'`);
        stages.push({ use: 'roi', with: { rect: parts.map(Number) } });
        break;
      }
      case 'dmin':
        stages.push({ use: 'roi', with: { dmin: positiveNumber('dmin', value) } });
        break;
      case 'mask':
        stages.push({ use: 'mask', with: { file: resolve(cwd, value) } });
        break;
      default:
        break;
    }
  }
  return stages;
}

const CBF_TEMPLATE = /^(.+?)_(#+)\.cbf$/i;

/** The output format from `--to`, else from the output name. */
export function outputFormat(output: string, to: string | undefined): OutputFormat {
  if (to !== undefined) {
    if (to !== 'nxmx' && to !== 'cbf') throw usageError('to', `must be nxmx or cbf, got '${to}'`);
    return to;
  }
  return /\.cbf$/i.test(output) ? 'cbf' : 'nxmx';
}

/** The writer stage for an output name: `dir/prefix` → NXmx in dir; `dir/name_######.cbf` → CBF series. */
export function writerStage(output: string, format: OutputFormat, args: ParsedArgs): { outDir: string; writer: StackStageSpec; firstName: string } {
  const path = resolve(output);
  const name = basename(path);
  const outDir = dirname(path);
  if (name.length === 0 || name === '.' || name === '..') {
    throw new BeamstackError(ErrorCodes.USAGE, `'${output}' does not end in a file-name prefix (e.g. out/series or out/series_######.cbf)`, { option: 'output' });
  }
  if (format === 'cbf') {
    if (args.strings.codec !== undefined) throw usageError('codec', 'CBF output is always byte-offset compressed; --codec applies to NXmx output');
    if (args.integers['frames-per-file'] !== undefined) throw usageError('frames-per-file', 'applies to NXmx output only');
    const template = CBF_TEMPLATE.exec(name);
    const prefix = template ? template[1]! : name.replace(/\.cbf$/i, '');
    const digits = template ? template[2]!.length : 6;
    if (!template && /[#]/.test(name)) throw usageError('to', `CBF output names look like name_######.cbf, got '${name}'`);
    return { outDir, writer: { use: 'cbf-series', with: { prefix, digits } }, firstName: `${prefix}_${'1'.padStart(digits, '0')}.cbf` };
  }
  if (/\.(cbf|h5|nxs)$/i.test(name)) {
    throw new BeamstackError(ErrorCodes.USAGE, `NXmx output takes a prefix (out/series → out/series_master.h5), not a file name: '${name}'`, { option: 'output' });
  }
  const perFile = args.integers['frames-per-file'];
  if (perFile !== undefined && perFile < 1) throw usageError('frames-per-file', 'must be >= 1');
  const options: JsonObject = perFile === undefined ? { prefix: name } : { prefix: name, framesPerFile: perFile };
  return { outDir, writer: { use: 'nxmx', with: options }, firstName: `${name}_master.h5` };
}

/**
 * The stack a one-off conversion runs: source → reductions (in order) → codec → writer.
 * `convert` and `export` build exactly this, so `--print-stack` shows what really runs.
 */
export function conversionStack(input: string, output: string, args: ParsedArgs, cwd: string, label: string): Conversion {
  const format = outputFormat(output, args.strings.to);
  const stages: StackStageSpec[] = [sourceFor(resolve(cwd, input), { dataset: args.strings.dataset })];
  stages.push(...reductionStages(args, cwd));
  const target = writerStage(resolve(cwd, output), format, args);
  if (format === 'nxmx') stages.push({ use: args.strings.codec ?? 'bslz4', with: {} });
  stages.push(target.writer);
  const stack: StackFile = { label, dir: cwd, name: label, description: `${label} ${input} → ${output}`, plugins: [], workers: null, stages };
  return { stack, outDir: target.outDir, format, firstName: target.firstName };
}
