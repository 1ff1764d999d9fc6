import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  pixelBytes,
  pixelsFromBytes,
  type CodecStage,
  type DType,
  type Frame,
  type HostContext,
  type PixelArray,
} from '@beamstack/contract';
import { ORACLE_DIR, PYTHON, framePixels, run, testHostContext } from '@beamstack/testkit';
import bslz4 from '@beamstack/codec-bslz4';
import lz4 from '@beamstack/codec-lz4';
import * as deflatePlugin from '@beamstack/codec-deflate';

/** The real codec plugins (codec-deflate joins when it exports stages). */
export function realCodecs(): CodecStage[] {
  const deflate = (deflatePlugin as { default?: { stages?: readonly unknown[] } }).default?.stages ?? [];
  return [...bslz4.stages, ...lz4.stages, ...deflate].filter((s): s is CodecStage => (s as CodecStage).kind === 'codec');
}

export interface TestContext {
  readonly ctx: HostContext;
  readonly warnings: string[];
}

/** A host context over `codecs` that records warnings as text (with the frame, when one is named). */
export function testContext(baseDir = '/', codecs: readonly CodecStage[] = realCodecs()): TestContext {
  const warnings: string[] = [];
  const ctx = testHostContext({
    baseDir,
    codecs,
    onWarn: (message, context) => warnings.push(context?.frame !== undefined ? `${message} [frame ${context.frame}]` : message),
  });
  return { ctx, warnings };
}

export interface EigerLike {
  readonly master: string;
  readonly data_files: string[];
  readonly frames: number;
  readonly shape: [number, number];
  readonly dtype: DType;
  readonly compression: string;
  readonly beam_center_xy: [number, number];
  readonly saturation_value: number;
  readonly masked_pixels: number;
}

/** Runs the oracle generator make_eiger_like.py into `dir`. */
export function makeEigerLike(dir: string, args: readonly string[]): EigerLike {
  const r = run(PYTHON, [join(ORACLE_DIR, 'make_eiger_like.py'), dir, ...args]);
  if (r.status !== 0) throw new Error(`make_eiger_like failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as EigerLike;
  return { ...out, master: join(dir, 'series_master.h5') };
}

/** Runs a Python script (h5py etc.) with args; throws with its stderr on failure. */
export function python(script: string, args: readonly string[] = []): string {
  const r = run(PYTHON, ['-c', script, ...args]);
  if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

const NPY_DTYPES: Readonly<Record<string, DType>> = { '|u1': 'uint8', '<u2': 'uint16', '<u4': 'uint32', '|i1': 'int8', '<i2': 'int16', '<i4': 'int32' };

/** A NumPy .npy file (format 1.0/2.0, C order, little-endian integers). */
export function readNpy(path: string): { dtype: DType; shape: number[]; data: PixelArray } {
  const buf = readFileSync(path);
  const major = buf[6]!;
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.subarray(start, start + headerLen).toString('latin1');
  const descr = /'descr':\s*'([^']+)'/.exec(header)![1]!;
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)![1]!.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (/'fortran_order':\s*True/.test(header)) throw new Error('fortran order npy');
  const dtype = NPY_DTYPES[descr];
  if (!dtype) throw new Error(`npy dtype ${descr} not supported here`);
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset + start + headerLen, buf.byteLength - start - headerLen).slice();
  return { dtype, shape, data: pixelsFromBytes(dtype, bytes) };
}

export function sha256(bytes: Uint8Array | PixelArray): string {
  const b = bytes instanceof Uint8Array ? bytes : pixelBytes(bytes);
  return createHash('sha256').update(b).digest('hex');
}

/** Pixels of a frame, decoding encoded chunks with the named real codec. */
export function pixelsOf(frame: Frame, codecs: readonly CodecStage[] = realCodecs()): PixelArray {
  return framePixels(frame, codecs);
}

/** Frame i of an (N, H, W) npy as its own array (for equality checks). */
export function npyFrame(npy: { shape: number[]; data: PixelArray }, i: number): PixelArray {
  const n = npy.shape[1]! * npy.shape[2]!;
  return npy.data.subarray(i * n, (i + 1) * n);
}

export function sameArray(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
