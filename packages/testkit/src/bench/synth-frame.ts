import { spawnSync } from 'node:child_process';
import { ORACLE_DIR, PYTHON } from '../interop.js';

/**
 * Frame 5 of the oracle's synth.py scene (uint32, seed 7): the frame BASELINES.md measured the
 * native libraries on. Null without Python and numpy.
 */
export function synthFrame(shape: readonly [number, number]): Uint32Array | null {
  const script = `import sys; sys.path.insert(0, ${JSON.stringify(ORACLE_DIR)})
from synth import Scene
sys.stdout.buffer.write(Scene(${shape[0]}, ${shape[1]}, 10, bits=32, seed=7).frame(5).astype('<u4').tobytes())`;
  const run = spawnSync(PYTHON, ['-c', script], { maxBuffer: 256 << 20 });
  if (run.status !== 0) return null;
  const bytes = new Uint8Array(run.stdout.length);
  bytes.set(run.stdout);
  return new Uint32Array(bytes.buffer);
}
