import { hashFiles } from '@beamstack/bundle';
import { BeamstackError, ErrorCodes, type DatasetMeta } from '@beamstack/contract';

/** Threads hashing input files: several files hash at once, off the main thread. */
const HASH_THREADS = 2;

/**
 * Fills in the SHA-256 of every input file the source listed without one, so every output's
 * provenance (and an export's manifest) names its inputs exactly. Done once, by the host, for
 * every source (plugins only list the files they read), in worker threads.
 */
export async function withInputChecksums(meta: DatasetMeta, signal: AbortSignal): Promise<DatasetMeta> {
  const inputs = meta.provenance.inputs;
  const missing = inputs.filter((i) => i.sha256 === null).map((i) => i.path);
  if (missing.length === 0) return meta;
  let hashes: Awaited<ReturnType<typeof hashFiles>>;
  try {
    hashes = await hashFiles(missing, { threads: Math.min(HASH_THREADS, missing.length) });
  } catch (cause) {
    const file = (cause as { context?: { file?: string } }).context?.file ?? missing[0]!;
    throw new BeamstackError(ErrorCodes.INPUT, `cannot checksum the input files: ${(cause as Error).message}`, { file }, { cause });
  }
  if (signal.aborted) throw new BeamstackError(ErrorCodes.CANCELLED, 'the run was cancelled');
  const filled = inputs.map((i) => (i.sha256 === null ? { ...i, sha256: hashes.get(i.path)?.sha256 ?? null } : i));
  return { ...meta, provenance: { ...meta.provenance, inputs: filled } };
}
