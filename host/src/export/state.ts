import { createHash } from 'node:crypto';
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BeamstackError, ErrorCodes } from '@beamstack/contract';
import { MANIFEST_NAME } from '@beamstack/bundle';
import { writeAtomically } from '@beamstack/files';
import type { StackStageSpec } from '../stack/stack-file.js';

/**
 * Marks a bundle folder as an export in progress and says which export: rerunning the same
 * export resumes; another export into the same folder is refused. Removed once MANIFEST.json
 * is in place, so its presence alone means "not finished".
 */
export const JOURNAL_NAME = '.beamstack-export.json';

export interface ExportJournal {
  readonly format: 'beamstack-export-journal';
  readonly key: string;
  readonly input: string;
  readonly started: string;
}

/** Identifies an export by what decides its output: the input and every stage with its options. */
export function exportKey(input: string, stages: readonly StackStageSpec[]): string {
  return createHash('sha256').update(JSON.stringify({ input, stages })).digest('hex');
}

export type BundleState =
  | { readonly kind: 'new' }
  | { readonly kind: 'resume'; readonly journal: ExportJournal }
  | { readonly kind: 'finishing'; readonly journal: ExportJournal }
  | { readonly kind: 'complete' };

function outputError(dir: string, message: string): BeamstackError {
  return new BeamstackError(ErrorCodes.OUTPUT, message, { file: dir });
}

async function readJournal(dir: string): Promise<ExportJournal | null> {
  let text: string;
  try {
    text = await readFile(join(dir, JOURNAL_NAME), 'utf8');
  } catch {
    return null;
  }
  try {
    const value = JSON.parse(text) as Partial<ExportJournal>;
    if (value.format === 'beamstack-export-journal' && typeof value.key === 'string' && typeof value.input === 'string') return value as ExportJournal;
  } catch {
    // fall through: a torn journal (killed while writing it) is treated as foreign
  }
  throw outputError(dir, `${join(dir, JOURNAL_NAME)} is not a beamstack export journal; delete the folder or choose another`);
}

/** What is in the bundle folder, and whether this export may write there. */
export async function bundleState(dir: string, key: string, sameAsManifest: () => Promise<boolean>): Promise<BundleState> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return { kind: 'new' };
  }
  const journal = await readJournal(dir);
  const hasManifest = names.includes(MANIFEST_NAME);
  if (journal && journal.key !== key) {
    throw outputError(dir, `${dir} holds an unfinished export of ${journal.input} with other options (started ${journal.started}); rerun it with the same options, or use another folder`);
  }
  if (journal) return hasManifest ? { kind: 'finishing', journal } : { kind: 'resume', journal };
  if (hasManifest) {
    if (await sameAsManifest()) return { kind: 'complete' };
    throw outputError(dir, `${dir} holds a finished export made with other options; use another folder`);
  }
  if (names.length > 0) throw outputError(dir, `${dir} is not empty and holds no beamstack export; use an empty or new folder`);
  return { kind: 'new' };
}

export async function writeJournal(dir: string, journal: ExportJournal): Promise<void> {
  await writeAtomically(join(dir, JOURNAL_NAME), JSON.stringify(journal, null, 2) + '\n');
}

export async function removeJournal(dir: string): Promise<void> {
  await rm(join(dir, JOURNAL_NAME), { force: true });
}
