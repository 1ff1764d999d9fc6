import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetMeta, Frame, PixelArray } from '@beamstack/contract';
import type { PluginRegistry } from '@beamstack/host';
import { medianMs } from '../codecs/measure.js';

type PrepareFrame = (frame: Frame, options: { prefix: string; digits: number }, meta: DatasetMeta) => Frame;
type DecodeCbfFile = (bytes: Uint8Array, file: string, options: { verify?: boolean }) => { pixels: PixelArray };

export interface SingleThread {
  /** prepare (convert + byte offset + MD5 + header) and write the file, MB/s of pixels. */
  readonly writeMbps: number;
  /** prepare alone (the worker's part). */
  readonly prepareMbps: number;
  /** read the file, parse, check the MD5 and decode. */
  readonly readMbps: number;
  /** parse + MD5 + decode alone (the file already in memory). */
  readonly decodeMbps: number;
  readonly fileBytes: number;
}

async function hook<T>(registry: PluginRegistry, stage: string, name: string): Promise<T> {
  const entry = registry.find(stage);
  if (!entry) throw new Error(`no loaded plugin provides '${stage}'`);
  const fn = ((await import(entry.plugin.entryUrl)) as Record<string, unknown>)[name];
  if (typeof fn !== 'function') throw new Error(`${entry.plugin.name} exports no ${name}`);
  return fn as T;
}

/** The writer's and the reader's whole per-frame path on this one thread (what one core does). */
export async function singleThread(registry: PluginRegistry, pixels: Uint32Array, meta: DatasetMeta, reps: number, dir: string): Promise<SingleThread> {
  const prepareFrame = await hook<PrepareFrame>(registry, 'cbf-series', 'prepareFrame');
  const decodeCbfFile = await hook<DecodeCbfFile>(registry, 'cbf', 'decodeCbfFile');
  const frame: Frame = { index: 0, shape: meta.shape, dtype: meta.dtype, pixels };
  const options = { prefix: 'bench', digits: 6 };
  const path = join(dir, 'single_000001.cbf');
  const bytes = pixels.byteLength;
  const mbps = (ms: number): number => bytes / 1e6 / (ms / 1000);
  const prepareMs = medianMs(reps, () => prepareFrame(frame, options, meta));
  const writeMs = medianMs(reps, () => {
    writeFileSync(path, prepareFrame(frame, options, meta).encoded!.bytes);
  });
  const file = new Uint8Array(readFileSync(path));
  const decodeMs = medianMs(reps, () => decodeCbfFile(file, path, { verify: true }));
  const readMs = medianMs(reps, () => decodeCbfFile(new Uint8Array(readFileSync(path)), path, { verify: true }));
  const check = decodeCbfFile(file, path, { verify: true }).pixels;
  if (check.length !== pixels.length) throw new Error('single-thread read back the wrong size');
  rmSync(path);
  return { writeMbps: mbps(writeMs), prepareMbps: mbps(prepareMs), readMbps: mbps(readMs), decodeMbps: mbps(decodeMs), fileBytes: file.length };
}
