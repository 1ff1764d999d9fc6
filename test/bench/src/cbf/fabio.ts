import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { PYTHON, interopStatus } from '@beamstack/testkit';

export interface FabioCbf {
  readonly write_MBps: number;
  readonly read_MBps: number;
  readonly write_ms: number;
  readonly read_ms: number;
  readonly file_bytes: number;
  readonly fabio: string;
}

const SCRIPT = resolve(import.meta.dirname, '..', '..', 'py', 'fabio_cbf.py');

/** Why fabio cannot be timed here, or null when it can. */
export function fabioUnavailable(): string | null {
  const status = interopStatus(['numpy', 'fabio']);
  return status.available ? null : status.reason;
}

/** fabio's single-threaded CbfImage.write / fabio.open of the same int32 frame, in this run. */
export function runFabio(rawInt32: string, shape: readonly [number, number], reps: number, dir: string): FabioCbf {
  const r = spawnSync(PYTHON, [SCRIPT, rawInt32, String(shape[0]), String(shape[1]), String(reps), dir], {
    env: { ...process.env, OMP_NUM_THREADS: '1' },
    encoding: 'utf8',
    timeout: 1_800_000,
  });
  if (r.status !== 0) throw new Error(`${SCRIPT} exited with ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as FabioCbf;
}
