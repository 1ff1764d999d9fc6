import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DType, FrameShape, JsonObject } from '@beamstack/contract';
import type { FuzzFailure } from './codec-fuzzer.js';

export const REPRODUCER_FORMAT = 'beamstack-fuzz-reproducer/1';

/** Everything needed to replay one failing decode, as JSON (bytes in base64; also written raw as .bin). */
export interface Reproducer {
  readonly format: typeof REPRODUCER_FORMAT;
  readonly target: string;
  readonly codec: string;
  readonly plugin: string;
  readonly seed: number;
  readonly iteration: number;
  readonly problem: string;
  readonly error: FuzzFailure['error'];
  readonly ms: number;
  readonly frame: { readonly shape: FrameShape; readonly dtype: DType };
  readonly params: JsonObject;
  readonly mutations: readonly string[];
  readonly bytes: string;
}

/** Writes `<codec>-<iteration>.json` and `.bin` into `dir`; returns the JSON path. */
export async function writeReproducer(dir: string, target: string, plugin: string, failure: FuzzFailure): Promise<string> {
  await mkdir(dir, { recursive: true });
  const { input } = failure;
  const record: Reproducer = {
    format: REPRODUCER_FORMAT,
    target,
    codec: failure.codec,
    plugin,
    seed: failure.seed,
    iteration: failure.iteration,
    problem: failure.problem,
    error: failure.error,
    ms: Math.round(failure.ms * 1000) / 1000,
    frame: { shape: input.info.shape, dtype: input.info.dtype },
    params: input.params,
    mutations: input.trace ?? [],
    bytes: Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength).toString('base64'),
  };
  const stem = join(resolve(dir), `${failure.codec}-${failure.iteration}`);
  await writeFile(`${stem}.json`, JSON.stringify(record, null, 1) + '\n');
  await writeFile(`${stem}.bin`, input.bytes);
  return `${stem}.json`;
}

export async function readReproducer(path: string): Promise<Reproducer & { readonly chunk: Uint8Array }> {
  const record = JSON.parse(await readFile(path, 'utf8')) as Reproducer;
  if (record.format !== REPRODUCER_FORMAT) throw new Error(`${path} is not a ${REPRODUCER_FORMAT} file`);
  return { ...record, chunk: new Uint8Array(Buffer.from(record.bytes, 'base64')) };
}
