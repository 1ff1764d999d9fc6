import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const FIXTURES = resolve(import.meta.dirname, 'fixtures', 'plugins');
export const fixture = (name: string): string => join(FIXTURES, name);

/** A fresh temporary folder, removed by the returned cleanup. */
export async function tempDir(prefix = 'beamstack-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes a stack file that loads the named fixture plugins by path. */
export async function writeStack(dir: string, name: string, plugins: readonly string[], stages: string): Promise<string> {
  const path = join(dir, name);
  const lines = ['plugins:', ...plugins.map((p) => `  - ${fixture(p)}`), 'stages:', stages.replace(/^\n/, '')];
  await writeFile(path, lines.join('\n') + '\n');
  return path;
}

export interface JsonlFrame {
  index: number;
  shape: [number, number];
  dtype: string;
  form: string;
  digest: number;
  first: number | null;
  bytes: number;
}

export async function readJsonl(path: string): Promise<{ meta: Record<string, unknown>; frames: JsonlFrame[] }> {
  const [head, ...rest] = (await readFile(path, 'utf8')).trim().split('\n');
  return { meta: (JSON.parse(head!) as { meta: Record<string, unknown> }).meta, frames: rest.map((l) => JSON.parse(l) as JsonlFrame) };
}

/** Sum of the counter fixture's pixels for frame i of an h×w frame. */
export function counterDigest(i: number, h: number, w: number, add = 0): number {
  let s = 0;
  for (let p = 0; p < h * w; p++) s += ((i * 1000 + p) % 65536) + add;
  return s;
}
