import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { BeamstackError, ErrorCodes, type DatasetMeta, type ProvenanceInput } from '@beamstack/contract';

/** Files hashed at once: enough to keep a RAID or network file system busy, few enough for small disks. */
const CONCURRENCY = 4;

/**
 * Fills in the SHA-256 of every input file the source listed without one, so every output's
 * provenance (and an export's manifest) names its inputs exactly. Done once, by the host, for
 * every source: plugins only list the files they read.
 */
export async function withInputChecksums(meta: DatasetMeta, signal: AbortSignal): Promise<DatasetMeta> {
  const inputs = meta.provenance.inputs;
  if (inputs.every((i) => i.sha256 !== null)) return meta;
  const filled: ProvenanceInput[] = [...inputs];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < filled.length) {
      const k = next++;
      const input = filled[k]!;
      if (input.sha256 === null) filled[k] = { ...input, sha256: await sha256File(input.path, signal) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, filled.length) }, worker));
  return { ...meta, provenance: { ...meta.provenance, inputs: filled } };
}

function sha256File(path: string, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path, { highWaterMark: 1 << 20, signal })
      .on('data', (chunk) => hash.update(chunk))
      .on('error', (cause) =>
        reject(new BeamstackError(ErrorCodes.INPUT, `cannot read ${path} to checksum it: ${cause.message}`, { file: path }, { cause })),
      )
      .on('end', () => resolve(hash.digest('hex')));
  });
}
