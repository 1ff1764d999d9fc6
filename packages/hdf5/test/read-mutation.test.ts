import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes, isBeamstackError } from '@beamstack/contract';
import { INTEROP_REQUIRED, interopStatus } from '@beamstack/testkit';
import { Hdf5File, Hdf5Reader, str, u32, u64, type Hdf5DatasetReader } from '../src/index.js';
import { runScript, tempDir } from './helpers.js';

/**
 * Hostile input: flipped bytes and truncations of small files must give BeamstackError(INPUT)
 * (never a RangeError/TypeError, a hang or an unbounded allocation) or well-formed results.
 * Errors that did not come from one of the reader's own checks carry the "unexpected failure"
 * prefix; the test treats those as failures too.
 */
const dir = tempDir('read-mutation');
const UNEXPECTED = /unexpected failure/;
/** Per-file budget: every exercise must finish well inside this. */
const EXERCISE_TIMEOUT_MS = 5000;

interface Outcome {
  readonly ok: number;
  readonly inputErrors: number;
}

/** Opens the file and walks everything: links, attributes, datasets, chunks, values. */
async function exercise(path: string): Promise<Outcome> {
  let ok = 0;
  let inputErrors = 0;
  const attempt = async <T>(f: () => Promise<T>): Promise<T | undefined> => {
    try {
      const v = await f();
      ok++;
      return v;
    } catch (err) {
      if (!isBeamstackError(err) || err.code !== ErrorCodes.INPUT || UNEXPECTED.test(err.message)) throw err;
      expect(err.context.file).toBeTypeOf('string');
      inputErrors++;
      return undefined;
    }
  };
  const reader = await attempt(() => Hdf5Reader.open(path));
  if (!reader) return { ok, inputErrors };
  let visited = 0;
  const walk = async (group: string, depth: number): Promise<void> => {
    const links = (await attempt(() => reader.list(group))) ?? [];
    await attempt(() => reader.attributes(group));
    for (const link of links) {
      if (++visited > 200 || depth > 6) return;
      const path = `${group === '/' ? '' : group}/${link.name}`;
      const node = await attempt(() => reader.lookup(path));
      if (node?.kind === 'group') await walk(path, depth + 1);
      if (node?.kind === 'dataset' || node?.kind === 'external') {
        const ds = await attempt(() => reader.dataset(path));
        if (ds) await exerciseDataset(ds, attempt);
      }
    }
  };
  await walk('/', 0);
  await reader.close();
  return { ok, inputErrors };
}

async function exerciseDataset(ds: Hdf5DatasetReader, attempt: <T>(f: () => Promise<T>) => Promise<T | undefined>): Promise<void> {
  expect(Array.isArray(ds.shape)).toBe(true);
  await attempt(() => ds.attributes());
  if (ds.layout === 'chunked' && ds.chunks) {
    const grid = ds.shape.map((s, d) => Math.ceil(s / ds.chunks![d]!));
    const coords = grid.map(() => 0);
    for (let n = 0; n < 64 && grid.every((g) => g > 0); n++) {
      const chunk = await attempt(() => ds.readChunk(coords));
      if (chunk) expect(chunk.bytes).toBeInstanceOf(Uint8Array);
      let d = grid.length - 1;
      for (; d >= 0; d--) {
        if (++coords[d]! < grid[d]!) break;
        coords[d] = 0;
      }
      if (d < 0) break;
    }
    if (ds.shape[0]! > 0) await attempt(() => ds.readFrameChunk(0));
  }
  if (ds.layout === 'virtual') await attempt(() => ds.virtualSources());
  else await attempt(() => ds.read());
}

async function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish in ${EXERCISE_TIMEOUT_MS} ms`)), EXERCISE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Deterministic positions: the first 1 KiB densely, the rest sampled (xorshift). */
function positions(size: number, samples: number): number[] {
  const out = new Set<number>();
  for (let i = 0; i < Math.min(size, 1024); i += 3) out.add(i);
  let x = 0x9e3779b9;
  while (out.size < Math.min(size, 340 + samples)) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.add((x >>> 0) % size);
  }
  return [...out].sort((a, b) => a - b);
}

async function mutate(original: string, samples: number): Promise<{ flips: number; truncations: number; errors: number }> {
  const bytes = readFileSync(original);
  const baseline = await exercise(original);
  expect(baseline.inputErrors, 'the unmodified file reads cleanly').toBeLessThanOrEqual(2); // dangling link, external to a missing file
  const work = join(dir, `mutant-${original.split('/').pop()}`);
  let errors = 0;
  let flips = 0;
  for (const at of positions(bytes.length, samples)) {
    const mutant = Buffer.from(bytes);
    mutant[at] = mutant[at]! ^ (at % 2 === 0 ? 0xff : 0x01 << at % 8);
    writeFileSync(work, mutant);
    const outcome = await withTimeout(exercise(work), `exercise after flipping byte ${at}`);
    errors += outcome.inputErrors > baseline.inputErrors ? 1 : 0;
    flips++;
  }
  let truncations = 0;
  const step = Math.max(1, Math.floor(bytes.length / 150));
  for (let length = 0; length < bytes.length; length += step) {
    writeFileSync(work, bytes.subarray(0, length));
    const outcome = await withTimeout(exercise(work), `exercise after truncating to ${length} bytes`);
    expect(outcome.inputErrors, `truncated to ${length} bytes`).toBeGreaterThan(0);
    truncations++;
  }
  return { flips, truncations, errors };
}

describe('reader on corrupted files', () => {
  const files: string[] = [];

  beforeAll(async () => {
    const data = join(dir, 'ours_data.h5');
    const f = await Hdf5File.create(data);
    f.group('/entry/data', { NX_class: 'NXdata' });
    const ds = f.chunkedDataset('/entry/data/data', { dtype: 'uint32', frameShape: [4, 4], filters: [{ id: 2, flags: 1, cdValues: [4] }], attrs: { n: u64(3) } });
    for (let i = 0; i < 3; i++) await ds.writeChunk(i, new Uint8Array(64).fill(i));
    f.dataset('/entry/title', str('mutation'));
    f.dataset('/entry/mask', u32([1, 2, 3, 4]), { units: 'px' });
    await f.close();
    const master = join(dir, 'ours_master.h5');
    const m = await Hdf5File.create(master);
    m.externalLink('/entry/data/data_000001', 'ours_data.h5', '/entry/data/data');
    m.softLink('/entry/alias', '/entry/data/data_000001');
    m.virtualDataset('/entry/data/data', { dtype: 'uint32', shape: [3, 4, 4], sources: [{ file: 'ours_data.h5', dataset: '/entry/data/data', frames: 3, firstFrame: 0 }] });
    await m.close();
    files.push(data, master);
    const h5py = interopStatus(['h5py']);
    if (h5py.available) {
      files.push(...runScript<{ files: string[] }>('mutation_fixtures.py', [dir]).files);
    } else if (INTEROP_REQUIRED) {
      throw new Error(`${h5py.reason}; interop tests are required here`);
    } else {
      console.warn(`\n*** read-mutation: ${h5py.reason}; mutating only files written by our writer ***\n`);
    }
  });

  it('flipped bytes and truncations give INPUT errors or results, never crashes or hangs', async () => {
    let total = 0;
    for (const file of files) {
      const r = await mutate(file, 200);
      expect(r.flips).toBeGreaterThan(200);
      expect(r.truncations).toBeGreaterThan(100);
      total += r.errors;
    }
    // The flips must actually reach the parsers: many of them have to be detected.
    expect(total).toBeGreaterThan(100);
  }, 300_000);
});
