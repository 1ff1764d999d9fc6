import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { BeamstackError, ErrorCodes } from '@beamstack/contract';
import { readManifest } from '../manifest-io.js';
import { MANIFEST_NAME, type BundleManifest } from '../manifest.js';
import { checkCbfFrames } from './cbf.js';
import { checkListedFiles } from './files.js';
import { Findings, reason } from './findings.js';
import { checkLinks } from './links.js';
import { decodeNxmxChunks } from './nxmx-deep.js';
import { checkNxmxFrames } from './nxmx.js';
import { ReaderCache } from './readers.js';
import { scanUnlisted } from './scan.js';
import type { VerifyOptions, VerifyReport } from './types.js';

/**
 * Checks an export bundle against its MANIFEST.json: presence, sizes and SHA-256 of every file,
 * nothing unlisted or left over, frame counts, links inside the bundle; with `deep`, every chunk
 * (NXmx) or frame file (CBF) decoded. Problems with the bundle are findings, never exceptions;
 * it throws only for a `dir` that is not a folder or for options it cannot honour.
 */
export async function verifyBundle(dir: string, options: VerifyOptions): Promise<VerifyReport> {
  const root = resolve(dir);
  const info = await stat(root).catch(() => null);
  if (!info?.isDirectory()) throw new BeamstackError(ErrorCodes.INPUT, info ? 'bundle path is not a folder' : 'bundle folder does not exist', { file: dir });
  if (options.deep && !options.decoder) {
    throw new BeamstackError(ErrorCodes.OPTIONS, 'deep verification needs a chunk decoder (options.decoder)', { option: 'decoder' });
  }
  const findings = new Findings();
  const done = (files: number, frames: number): VerifyReport => {
    const list = findings.finish();
    return { ok: list.length === 0, dir: root, deep: options.deep, files, frames, findings: list };
  };

  let manifest: BundleManifest;
  try {
    manifest = await readManifest(root);
  } catch (error) {
    const prefix = `${join(root, MANIFEST_NAME)}: `;
    const message = reason(error);
    findings.add('manifest', MANIFEST_NAME, message.startsWith(prefix) ? message.slice(prefix.length) : message);
    await scanUnlisted(root, null, findings);
    return done(0, 0);
  }
  if (options.deep && manifest.output.format === 'cbf' && !options.decoder?.decodeCodec) {
    throw new BeamstackError(ErrorCodes.OPTIONS, 'deep verification of a CBF bundle needs a decoder with decodeCodec', { option: 'decoder' });
  }

  await scanUnlisted(root, new Set(manifest.files.map((f) => f.path)), findings);
  const { present, sized } = await checkListedFiles(root, manifest, findings, options.threads);
  if (manifest.frames.out !== manifest.output.frames) {
    findings.add('manifest', MANIFEST_NAME, `frames.out is ${manifest.frames.out} but output.frames is ${manifest.output.frames}`);
  }

  if (manifest.output.format === 'cbf') {
    const frames = await checkCbfFrames(root, manifest, present, sized, findings, options.deep ? options.decoder! : null);
    return done(manifest.files.length, frames);
  }
  const readers = new ReaderCache(root);
  try {
    const { frames, data } = await checkNxmxFrames(manifest, sized, readers, findings);
    await checkLinks(root, manifest, sized, readers, findings);
    if (options.deep) await decodeNxmxChunks(data, options.decoder!, findings);
    return done(manifest.files.length, frames);
  } finally {
    await readers.closeAll();
  }
}
