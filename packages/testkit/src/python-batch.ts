import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRecords, writeRecords } from './data/records.js';
import { runPython } from './interop.js';

export interface PythonBatch<T> {
  /** The JSON object on the script's last line of output (null when it printed nothing). */
  readonly result: T;
  /** The records the script wrote to its third argument (empty when it wrote none). */
  readonly out: Uint8Array[];
}

/**
 * One Python run over a batch of byte strings (spawning one per case is far too slow): `records`
 * go to `<name>.bin` and `cases` as JSON to `<name>.json` in `dir`. The script (which should start
 * with PY_RECORDS) gets argv [bin, json, out.bin]; it may print one JSON object and write records
 * to out.bin. A failing script throws with its output.
 */
export function runPythonBatch<T = unknown>(script: string, dir: string, name: string, records: readonly Uint8Array[], cases: unknown): PythonBatch<T> {
  const bin = join(dir, `${name}.bin`);
  const json = join(dir, `${name}.json`);
  const outBin = join(dir, `${name}.out.bin`);
  writeRecords(bin, records);
  rmSync(outBin, { force: true });
  writeFileSync(json, JSON.stringify(cases));
  const last = runPython(script, [bin, json, outBin]).trim().split('\n').pop() ?? '';
  return { result: (last === '' ? null : JSON.parse(last)) as T, out: existsSync(outBin) ? readRecords(outBin) : [] };
}
