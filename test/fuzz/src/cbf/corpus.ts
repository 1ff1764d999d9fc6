import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DatasetMeta, Frame, SourceStage } from '@beamstack/contract';
import type { LoadedPlugin, PluginRegistry } from '@beamstack/host';
import { SeededRandom, testMeta } from '@beamstack/testkit';
import { CORPUS_SHAPES, sampleFrames } from '../corpus.js';
import { crop } from '../frames.js';

/** A valid CBF file the fuzzer starts from. */
export interface CbfSeed {
  readonly bytes: Uint8Array;
  /** How often it is picked relative to the others (small files parse and decode faster). */
  readonly weight: number;
  readonly label: string;
}

export interface CbfCorpus {
  readonly files: readonly CbfSeed[];
}

/** The writer module's worker hook, as the fuzzer calls it (imported from the plugin at run time). */
type PrepareFrame = (frame: Frame, options: { prefix: string; digits: number }, meta: DatasetMeta) => Frame;

const FIXTURES = resolve(import.meta.dirname, '..', '..', '..', 'fixtures', 'cbf');

/** The plugin that provides a stage, or an error naming what is missing. */
export function pluginOf(registry: PluginRegistry, stageId: string): LoadedPlugin {
  const entry = registry.find(stageId);
  if (!entry) throw new Error(`no loaded plugin provides the '${stageId}' stage`);
  return entry.plugin;
}

/**
 * Valid miniCBF files: crops (8x8 … 256x256) of the simulated 'small' detector frame in uint32 and
 * uint16, written by our cbf-series writer with a masked Eiger header (gap −1, defects −2,
 * provenance records), and the golden files fabio and CBFlib wrote (test/fixtures/cbf).
 */
export async function buildCbfCorpus(registry: PluginRegistry, seed: number): Promise<CbfCorpus> {
  const simulate = registry.find('simulate')?.stage as SourceStage | undefined;
  if (!simulate) throw new Error("the 'simulate' source is needed for realistic frames, and no loaded plugin provides it");
  const writer = (await import(pluginOf(registry, 'cbf-series').entryUrl)) as { prepareFrame?: PrepareFrame };
  if (typeof writer.prepareFrame !== 'function') throw new Error('the cbf-series plugin exports no prepareFrame');
  const frames = await sampleFrames(simulate);
  const rng = new SeededRandom(seed);
  const files: CbfSeed[] = [];
  for (const dtype of ['uint32', 'uint16'] as const) {
    const frame = frames.get(dtype)!;
    for (const { shape, weight } of CORPUS_SHAPES) {
      const top = rng.int(frame.shape[0] - shape[0] + 1);
      const left = rng.int(frame.shape[1] - shape[1] + 1);
      const region = crop(frame, top, left, shape);
      const mask = new Uint32Array(shape[0] * shape[1]);
      for (let k = 0; k < mask.length; k++) if (rng.chance(0.02)) mask[k] = rng.pick([1, 2, 8, 16]);
      const base = testMeta({ shape, dtype, frameCount: 3, mask });
      const meta: DatasetMeta = {
        ...base,
        provenance: { inputs: [{ path: '/data/fuzz_master.h5', bytes: 1, sha256: null }], steps: [{ plugin: 'fuzz', version: '0', stage: 'simulate', options: { seed }, time: base.startTime, host: 'fuzz' }] },
      };
      const out = writer.prepareFrame({ index: 1, shape, dtype, pixels: region.pixels }, { prefix: 'fuzz', digits: 6 }, meta);
      files.push({ bytes: out.encoded!.bytes.slice(), weight, label: `ours ${dtype} ${shape[0]}x${shape[1]} at (${top},${left})` });
    }
  }
  for (const name of readdirSync(FIXTURES).filter((n) => n.endsWith('.cbf')).sort()) {
    files.push({ bytes: new Uint8Array(readFileSync(join(FIXTURES, name))), weight: 3, label: `fixture ${name}` });
  }
  return { files };
}
