import { createHash } from 'node:crypto';
import type { DatasetMeta, Encoding } from '@beamstack/contract';

/** Attribute of /entry/data/data that names the run a resumable data file belongs to. */
export const RUN_KEY_ATTRIBUTE = 'beamstack_run_key';

/**
 * A digest of everything that decides the stored chunk bytes: the input files, every step before
 * this writer (plugin, version, options — not the time it ran), the frame shape and dtype, and
 * the codec. A data file left by an earlier run is kept only under the same key, so changing the
 * source, a transform or the codec between two runs never mixes their frames.
 */
export function runKey(meta: DatasetMeta, encoding: Encoding | null, writerStage: string): string {
  const steps = [...meta.provenance.steps];
  // The writer's own options (prefix, layout, resume) do not change the pixels; the layout is checked separately.
  if (steps.at(-1)?.stage === writerStage) steps.pop();
  const identity = {
    v: 1,
    shape: [...meta.shape],
    dtype: meta.dtype,
    encoding: encoding ? { codec: encoding.codec, params: encoding.params } : null,
    inputs: meta.provenance.inputs.map((i) => ({ path: i.path, bytes: i.bytes, sha256: i.sha256 })),
    steps: steps.map((s) => ({ plugin: s.plugin, version: s.version, stage: s.stage, options: s.options })),
  };
  return createHash('sha256').update(canonicalJson(identity)).digest('hex');
}

/** JSON with object keys sorted, so equal values give equal text whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
