import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PYTHON } from '../interop.js';

/**
 * Runs a Python timing script on the same data (written to a raw file, its argv[1]) and returns
 * the JSON object its last line prints, or null (with a warning) when the Python side fails,
 * e.g. without the native library it times.
 */
export function pythonTimings<T>(frameBytes: Uint8Array, script: string): T | null {
  const dir = mkdtempSync(join(tmpdir(), 'beamstack-bench-'));
  try {
    const path = join(dir, 'frame.raw');
    writeFileSync(path, frameBytes);
    const run = spawnSync(PYTHON, ['-', path], { input: script, encoding: 'utf8', timeout: 600_000 });
    if (run.status !== 0) {
      console.warn(`native reference skipped: ${run.stderr.trim().split('\n').pop() ?? run.status}`);
      return null;
    }
    return JSON.parse(run.stdout.trim().split('\n').pop()!) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
