import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { BeamstackError, ErrorCodes } from '@beamstack/contract';
import { writeAtomically } from '@beamstack/files';
import { FieldReader } from './fields.js';
import { checkManifest } from './manifest-check.js';
import { MANIFEST_NAME, type BundleManifest } from './manifest.js';

/** Largest manifest read: about 200 bytes a file, so room for far more files than any bundle has. */
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/**
 * Reads and checks `dir`/MANIFEST.json. Failures are BeamstackError(INPUT) naming the file and,
 * for a well-formed JSON document with a wrong field, that field. Never reads more than
 * MAX_MANIFEST_BYTES, whatever the file claims or grows to.
 */
export async function readManifest(dir: string): Promise<BundleManifest> {
  const file = join(dir, MANIFEST_NAME);
  const text = await readBounded(file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new BeamstackError(ErrorCodes.INPUT, `${file}: not valid JSON: ${(cause as Error).message}`, { file }, { cause });
  }
  return checkManifest(value, new FieldReader(ErrorCodes.INPUT, file));
}

async function readBounded(file: string): Promise<string> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'missing: the bundle is incomplete (an export writes its manifest last)' : `cannot be read: ${(cause as Error).message}`;
    throw new BeamstackError(ErrorCodes.INPUT, `${file}: ${why}`, { file }, { cause });
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new BeamstackError(ErrorCodes.INPUT, `${file}: not a regular file`, { file });
    if (info.size > MAX_MANIFEST_BYTES) throw tooLarge(file, info.size);
    // One byte more than allowed, so a file that grew after stat() is caught too.
    const buffer = Buffer.alloc(Math.min(info.size + 1, MAX_MANIFEST_BYTES + 1));
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > MAX_MANIFEST_BYTES) throw tooLarge(file, filled);
    const decoder = new TextDecoder('utf-8', { fatal: true });
    try {
      return decoder.decode(buffer.subarray(0, filled));
    } catch (cause) {
      throw new BeamstackError(ErrorCodes.INPUT, `${file}: not UTF-8 text`, { file }, { cause });
    }
  } catch (error) {
    if (error instanceof BeamstackError) throw error;
    throw new BeamstackError(ErrorCodes.INPUT, `${file}: cannot be read: ${(error as Error).message}`, { file }, { cause: error });
  } finally {
    await handle.close();
  }
}

function tooLarge(file: string, bytes: number): BeamstackError {
  return new BeamstackError(ErrorCodes.INPUT, `${file}: ${bytes} bytes is more than the ${MAX_MANIFEST_BYTES} bytes a manifest may have`, { file });
}

/**
 * Writes `dir`/MANIFEST.json atomically: checked first (OUTPUT error naming the bad field), then
 * written under a hidden temporary name, flushed to disk and renamed. An export writes it last,
 * so a bundle without a manifest is an unfinished one.
 */
export async function writeManifest(dir: string, manifest: BundleManifest): Promise<void> {
  const file = join(dir, MANIFEST_NAME);
  const checked = checkManifest(manifest, new FieldReader(ErrorCodes.OUTPUT, file));
  try {
    await writeAtomically(file, `${JSON.stringify(checked, null, 2)}\n`, { durable: true });
  } catch (cause) {
    throw new BeamstackError(ErrorCodes.OUTPUT, `cannot write ${file}: ${(cause as Error).message}`, { file }, { cause });
  }
}
