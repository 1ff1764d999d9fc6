import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { MAX_MIME_BYTES, MAX_TEXT_BYTES, maxCbfFileBytes, parseCbf, parseCbfHead, type BinaryHeader, type CbfHead } from '@beamstack/cbf';
import type { BundleFileEntry, BundleManifest } from '../manifest.js';
import { bundleFile } from '../paths.js';
import { reason, type Findings } from './findings.js';
import type { ChunkDecoder } from './types.js';

/** Codec id of CBF payloads, as ChunkDecoder.decodeCodec receives it. */
export const CBF_CODEC = 'byte-offset';
/** First read for a header; real miniCBF headers are a few kB, longer ones get a second read. */
const HEAD_BYTES = 64 * 1024;
const MAX_HEAD_BYTES = MAX_TEXT_BYTES + MAX_MIME_BYTES + 64;

/**
 * Frame counts of a CBF bundle: as many frame files as output.frames, each header of the output's
 * shape and type. With a decoder (deep) every file is parsed whole, its Content-MD5 checked and
 * its byte-offset payload decoded. Files of the wrong size are already reported and not opened.
 * Returns the number of frame files present.
 */
export async function checkCbfFrames(
  dir: string,
  manifest: BundleManifest,
  present: ReadonlySet<string>,
  sized: ReadonlySet<string>,
  findings: Findings,
  decoder: ChunkDecoder | null,
): Promise<number> {
  const frameFiles = manifest.files.filter((f) => f.role === 'frame');
  if (frameFiles.length !== manifest.output.frames) {
    findings.add('frames', undefined, `the manifest lists ${frameFiles.length} frame files; output.frames = ${manifest.output.frames}`);
  }
  let count = 0;
  for (const entry of frameFiles) {
    if (!present.has(entry.path)) continue;
    count++;
    if (!sized.has(entry.path)) continue;
    if (decoder) await deepCheck(dir, entry, manifest, findings, decoder);
    else await headerCheck(dir, entry, manifest, findings);
  }
  return count;
}

async function headerCheck(dir: string, entry: BundleFileEntry, manifest: BundleManifest, findings: Findings): Promise<void> {
  const file = bundleFile(dir, entry.path);
  try {
    let head = await readPrefix(file, HEAD_BYTES);
    let parsed: CbfHead;
    try {
      parsed = parseCbfHead(head, entry.path);
    } catch (error) {
      if (head.length < HEAD_BYTES) throw error;
      head = await readPrefix(file, MAX_HEAD_BYTES);
      parsed = parseCbfHead(head, entry.path);
    }
    checkHeader(parsed.binary, entry, manifest, findings);
    // The file size is known (it matched the manifest): the declared data must fit in it.
    const end = parsed.payloadOffset + parsed.binary.size;
    if (end > entry.bytes) findings.add('frames', entry.path, `truncated: the header declares data up to byte ${end} of a ${entry.bytes}-byte file`);
  } catch (error) {
    findings.add('frames', entry.path, `cannot read the CBF header: ${reason(error)}`);
  }
}

async function deepCheck(dir: string, entry: BundleFileEntry, manifest: BundleManifest, findings: Findings, decoder: ChunkDecoder): Promise<void> {
  const [height, width] = manifest.output.shape;
  const limit = Math.min(entry.bytes, maxCbfFileBytes(height * width));
  let bytes: Uint8Array;
  try {
    bytes = await readPrefix(bundleFile(dir, entry.path), limit + 1);
  } catch (error) {
    findings.add('decode', entry.path, `cannot read: ${reason(error)}`);
    return;
  }
  if (bytes.length > limit) {
    findings.add('decode', entry.path, `larger than the ${limit} bytes a ${height}x${width} CBF frame listed with ${entry.bytes} bytes can have`);
    return;
  }
  let parsed;
  try {
    parsed = parseCbf(bytes, entry.path);
  } catch (error) {
    findings.add('decode', entry.path, `frame 0 of this file: ${reason(error)}`);
    return;
  }
  if (!checkHeader(parsed.binary, entry, manifest, findings)) return;
  const { binary, payload } = parsed;
  if (binary.md5 !== null) {
    const actual = createHash('md5').update(payload).digest('base64');
    if (actual !== binary.md5) findings.add('decode', entry.path, `frame 0 of this file: Content-MD5 of the data is ${actual}; the header says ${binary.md5}`);
  }
  try {
    decoder.decodeCodec!(CBF_CODEC, payload, { shape: [binary.second, binary.fastest], dtype: binary.dtype });
  } catch (error) {
    findings.add('decode', entry.path, `frame 0 of this file: ${reason(error)}`);
  }
}

/** True when the header describes a frame of the output's shape and type. */
function checkHeader(binary: BinaryHeader, entry: BundleFileEntry, manifest: BundleManifest, findings: Findings): boolean {
  const [height, width] = manifest.output.shape;
  let ok = true;
  if (binary.second !== height || binary.fastest !== width || (binary.third !== null && binary.third !== 1)) {
    findings.add('frames', entry.path, `frame is ${binary.second}x${binary.fastest}${binary.third !== null && binary.third !== 1 ? `x${binary.third}` : ''}; the manifest says ${height}x${width}`);
    ok = false;
  }
  if (binary.dtype !== manifest.output.dtype) {
    findings.add('frames', entry.path, `holds ${binary.dtype} values; the manifest says ${manifest.output.dtype}`);
    ok = false;
  }
  return ok;
}

/** At most `limit` bytes from the start of a file. */
async function readPrefix(file: string, limit: number): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    const buffer = new Uint8Array(Math.min(size, limit));
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}
