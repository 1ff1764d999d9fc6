import { mkdir, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { readManifest, verifyBundle, MANIFEST_NAME, type BundleManifest } from '@beamstack/bundle';
import type { JsonObject } from '@beamstack/contract';
import { finishBundle, type BundleTarget } from '../../export/finish.js';
import { bundleState, exportKey, removeJournal, writeJournal } from '../../export/state.js';
import { formatSummary } from '../../pipeline/summary.js';
import { prepareStack } from '../../stack/prepare.js';
import type { StackFile, StackStageSpec } from '../../stack/stack-file.js';
import type { Command, CommandIO } from '../command.js';
import { usage } from '../command.js';
import { conversionStack, outputFormat, reductionOptions } from '../conversion.js';
import { estimateCost, formatEstimate } from '../dry-run.js';
import { report, withCliHost } from '../run-prepared.js';

/** A prefix for the output names from the input's name: run1_master.h5 → run1, x_######.cbf → x. */
function prefixFrom(input: string): string {
  const name = basename(input)
    .replace(/_master\.(h5|nxs|hdf5?)$/i, '')
    .replace(/_data_\d+\.h5$/i, '')
    .replace(/\.(h5|nxs|hdf5?)$/i, '')
    .replace(/_?#+\.cbf$/i, '')
    .replace(/_?\*\.cbf$/i, '')
    .replace(/\.cbf$/i, '');
  const clean = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '');
  return clean.length > 0 ? clean : 'series';
}

/**
 * Data files of a bundle hold 100 frames unless asked otherwise: finished files are what a resume
 * keeps, and several files let the checksums be computed on several threads at the end.
 */
export const BUNDLE_FRAMES_PER_FILE = 100;

/** The writer resumes: files an interrupted run finished are checked and kept. */
function bundleWriter(stages: readonly StackStageSpec[], format: 'nxmx' | 'cbf'): StackStageSpec[] {
  const out = [...stages];
  const writer = out.pop()!;
  const options: JsonObject =
    format === 'nxmx' && writer.with.framesPerFile === undefined ? { ...writer.with, framesPerFile: BUNDLE_FRAMES_PER_FILE, resume: true } : { ...writer.with, resume: true };
  out.push({ use: writer.use, with: options });
  return out;
}

function sameExport(manifest: BundleManifest, input: string, stages: readonly StackStageSpec[]): boolean {
  if (manifest.source.input !== input || manifest.stack.stages.length !== stages.length) return false;
  return stages.every((spec, k) => {
    const done = manifest.stack.stages[k]!;
    return done.use === spec.use && Object.entries(spec.with).every(([key, value]) => JSON.stringify(done.options[key]) === JSON.stringify(value));
  });
}

async function verifiedNote(dir: string, io: CommandIO, json: boolean): Promise<number> {
  const verdict = await verifyBundle(dir, { deep: false });
  if (json) io.out(JSON.stringify({ ok: verdict.ok, alreadyComplete: true, bundle: dir, verify: verdict }));
  else if (verdict.ok) io.out(`${dir} already holds this export, complete (${verdict.files} files, ${verdict.frames} frames; checksums verified)`);
  else io.err(`${dir} holds this export but it does not verify:\n${verdict.findings.map((f) => `  ${f.code} ${f.file ?? ''}: ${f.message}`).join('\n')}`);
  return verdict.ok ? 0 : 1;
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'Make an export bundle: the reduced dataset (NXmx or CBF) with MANIFEST.json and README.txt, verifiable and resumable.',
  usage:
    'beamstack export INPUT BUNDLE-DIR [--frames SPEC] [--sum N] [--bin B] [--roi X,Y,W,H] [--dmin A] [--mask FILE] [--codec ID] [--to nxmx|cbf] [--prefix NAME] [--frames-per-file N] [--dry-run] [--workers N] [--json]',
  details:
    'Writes BUNDLE-DIR/<prefix>_master.h5 + data files (or <prefix>_NNNNNN.cbf with --to cbf), README.txt, SHA256SUMS\n' +
    'and, last, MANIFEST.json (every file with size and SHA-256, frame counts, the stack with every plugin version\n' +
    'and option, the source files with their checksums). Reductions apply in the order given. Rerunning an\n' +
    'interrupted export with the same options keeps the files it finished (checked) and writes only the rest.\n' +
    '--dry-run processes a sample of frames and prints the expected size, reduction and CPU time.',
  options: [
    ...reductionOptions,
    { name: 'to', type: 'string', value: 'nxmx|cbf', description: 'bundle format (default nxmx)' },
    { name: 'codec', type: 'string', value: 'ID', description: 'NXmx compression: bslz4 (default), lz4, deflate, none' },
    { name: 'prefix', type: 'string', value: 'NAME', description: 'output file-name prefix (default: from the input name)' },
    { name: 'frames-per-file', type: 'integer', description: `NXmx frames per data file (default ${BUNDLE_FRAMES_PER_FILE})` },
    { name: 'dataset', type: 'string', value: 'PATH', description: 'dataset path in an HDF5 input that is not DECTRIS/NXmx layout' },
    { name: 'dry-run', type: 'boolean', description: 'estimate size and CPU time from a sample of frames; write nothing' },
    { name: 'workers', type: 'integer', description: 'worker threads (default: number of cores)' },
    { name: 'json', type: 'boolean', description: 'print the result as one JSON object' },
    { name: 'plugin', type: 'list', value: 'PATH', description: 'load a plugin from this folder (repeatable)' },
    { name: 'help', type: 'boolean', description: 'show this help' },
  ],
  async run(args, io) {
    if (args.positionals.length !== 2) throw usage(this, 'expected INPUT and BUNDLE-DIR');
    const input = resolve(io.cwd, args.positionals[0]!);
    const dir = resolve(io.cwd, args.positionals[1]!);
    const format = outputFormat(dir, args.strings.to ?? 'nxmx');
    const prefix = args.strings.prefix ?? prefixFrom(input);
    const output = format === 'cbf' ? join(dir, `${prefix}_######.cbf`) : join(dir, prefix);
    const conversion = conversionStack(input, output, args, io.cwd, 'export');
    const stages = bundleWriter(conversion.stack.stages, format);
    const file: StackFile = { ...conversion.stack, stages };
    const search = { cwd: io.cwd, plugins: args.lists.plugin!.map((p) => resolve(io.cwd, p)) };
    const runOptions = { workers: args.integers.workers, json: args.flags.json! };
    if (args.flags['dry-run']) {
      const estimate = await estimateCost({ ...file, stages: conversion.stack.stages }, search, runOptions, io);
      io.out(args.flags.json ? JSON.stringify({ dryRun: true, bundle: dir, ...estimate }) : formatEstimate(`export → ${dir}`, estimate));
      return 0;
    }
    return exportBundle(io, { input, dir, format, prefix, file, search, runOptions });
  },
};

interface ExportPlan {
  readonly input: string;
  readonly dir: string;
  readonly format: 'nxmx' | 'cbf';
  readonly prefix: string;
  readonly file: StackFile;
  readonly search: { cwd: string; plugins: string[] };
  readonly runOptions: { workers: number | undefined; json: boolean };
}

async function exportBundle(io: CommandIO, plan: ExportPlan): Promise<number> {
  const { dir, file, input } = plan;
  const key = exportKey(input, file.stages);
  const state = await bundleState(dir, key, async () => sameExport(await readManifest(dir), input, file.stages));
  if (state.kind === 'complete') return verifiedNote(dir, io, plan.runOptions.json);
  if (state.kind === 'finishing') {
    // Killed after MANIFEST.json was written but before the journal was removed.
    if ((await verifyBundle(dir, { deep: false })).ok) {
      await removeJournal(dir);
      return verifiedNote(dir, io, plan.runOptions.json);
    }
    await rm(join(dir, MANIFEST_NAME), { force: true });
  }
  await mkdir(dir, { recursive: true });
  if (state.kind === 'new') await writeJournal(dir, { format: 'beamstack-export-journal', key, input, started: new Date().toISOString() });

  const prepared = await prepareStack(file, plan.search);
  const threads = plan.runOptions.workers ?? availableParallelism();
  return withCliHost(prepared, plan.runOptions, io, async (run) => {
    const summary = await run(prepared, dir);
    if (!summary.ok) {
      const code = report(summary, plan.runOptions.json, io);
      if (!plan.runOptions.json) io.err(`the bundle is incomplete (no MANIFEST.json); rerun the same command to resume`);
      return code;
    }
    const writer = file.stages[file.stages.length - 1]!.with as JsonObject;
    const target: BundleTarget = {
      dir,
      format: plan.format,
      input,
      prefix: plan.prefix,
      framesPerFile: typeof writer.framesPerFile === 'number' ? writer.framesPerFile : BUNDLE_FRAMES_PER_FILE,
      digits: typeof writer.digits === 'number' ? writer.digits : 6,
    };
    const manifest = await finishBundle(target, prepared.stack, summary, threads);
    await removeJournal(dir);
    const bytes = manifest.files.reduce((n, f) => n + f.bytes, 0);
    if (plan.runOptions.json) {
      io.out(JSON.stringify({ ...summary, bundle: { dir, files: manifest.files.length, bytes, frames: manifest.output.frames, resumed: summary.frames.resumed } }));
    } else {
      io.out(formatSummary(summary));
      io.out(
        `\nbundle: ${dir}\n  ${manifest.files.length} files, ${(bytes / 1e6).toFixed(1)} MB, ${manifest.output.frames} frames` +
          (summary.frames.resumed > 0 ? ` (${summary.frames.resumed} kept from the interrupted run)` : '') +
          `\n  MANIFEST.json, README.txt and SHA256SUMS written; check with: beamstack verify ${dir} --deep`,
      );
    }
    return 0;
  });
}
