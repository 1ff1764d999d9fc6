import type { CodecStage } from '@beamstack/contract';
import { loadRegistry } from '@beamstack/host';
import { attemptDecode, hexPreview } from '@beamstack/testkit';
import { readReproducer } from '../reproducer.js';

/**
 * `pnpm fuzz replay FILE.json...`: decodes the recorded chunk again with the codec as it is now
 * and says whether the failure is still there. Resolves to true when every file now passes.
 */
export async function replay(files: readonly string[], hangMs: number, plugins: readonly string[]): Promise<boolean> {
  const registry = await loadRegistry({ plugins });
  let allPass = true;
  for (const file of files) {
    const r = await readReproducer(file);
    const entry = registry.find(r.codec);
    if (!entry || entry.stage.kind !== 'codec') throw new Error(`${file}: no loaded plugin provides codec '${r.codec}'`);
    const outcome = attemptDecode(entry.stage as CodecStage, r.chunk, r.frame, r.params, { hangMs, checkInputUnchanged: true });
    const head = `${file}: ${r.codec} ${r.frame.dtype} ${r.frame.shape.join('x')} params ${JSON.stringify(r.params)}, ${hexPreview(r.chunk, 16)}`;
    if (outcome.kind === 'failure') {
      allPass = false;
      process.stdout.write(`${head}\n  STILL FAILS: ${outcome.problem}\n`);
      if (outcome.error instanceof Error && outcome.error.stack) process.stdout.write(`${outcome.error.stack}\n`);
    } else {
      const what = outcome.kind === 'ok' ? `decodes to ${outcome.pixels.length} pixels` : `BEAMSTACK_E_DECODE: ${outcome.error.message}`;
      process.stdout.write(`${head}\n  passes now (${what}, ${outcome.ms.toFixed(1)} ms); was: ${r.problem}\n`);
    }
  }
  return allPass;
}
