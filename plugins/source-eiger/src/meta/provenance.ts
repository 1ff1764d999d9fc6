import { statSync } from 'node:fs';
import type { JsonObject, ProvenanceInput, ProvenanceStep } from '@beamstack/contract';
import type { MetaInput } from './context.js';
import { join } from './locate.js';

const MAX_STEPS = 1000;

/** The files read, with their sizes (checksums are computed elsewhere). */
export function provenanceInputs(files: readonly string[]): ProvenanceInput[] {
  const seen = new Set<string>();
  const out: ProvenanceInput[] = [];
  for (const path of files) {
    if (seen.has(path)) continue;
    seen.add(path);
    let bytes = 0;
    try {
      bytes = statSync(path).size;
    } catch {
      continue; // a missing data file is reported elsewhere
    }
    out.push({ path, bytes, sha256: null });
  }
  return out;
}

/**
 * Earlier processing history written by our nxmx writer (/entry/process_NN NXprocess groups), so
 * a read → write chain keeps the whole lineage; the host appends this run's steps after them.
 */
export function previousSteps(input: MetaInput): ProvenanceStep[] {
  const { fields, paths } = input;
  if (paths.entry === null) return [];
  const names = fields.file.children(paths.entry).filter((n) => /^process_\d+$/.test(n)).sort();
  const steps: ProvenanceStep[] = [];
  for (const name of names.slice(0, MAX_STEPS)) {
    const base = join(paths.entry, name);
    if (fields.file.attr(base, 'NX_class') !== 'NXprocess') continue;
    const plugin = fields.str(`${base}/program`);
    if (plugin === undefined) continue;
    steps.push({
      plugin,
      version: fields.str(`${base}/version`) ?? '',
      stage: fields.str(`${base}/stage`) ?? '',
      options: parseOptions(fields.str(`${base}/options/data`)),
      time: fields.str(`${base}/date`) ?? '',
      host: fields.str(`${base}/host`) ?? '',
    });
  }
  return steps;
}

function parseOptions(text: string | undefined): JsonObject {
  if (text === undefined) return {};
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : {};
  } catch {
    return {};
  }
}
