import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { MAX_MIME_BYTES, MAX_TEXT_BYTES, maxCbfFileBytes, parseCbfHead } from '@beamstack/cbf';
import type { Encoding, HostContext, ProvenanceInput } from '@beamstack/contract';
import { basename } from 'node:path';
import { readCbfFile } from './decode-file.js';
import { asInputError, inputError } from './errors.js';
import { FrameReader } from './frame-reader.js';
import { inputPath, type CbfSourceOptions } from './options.js';
import { readHead, readWholeFile } from './read-file.js';
import { findSeries, type SeriesFile } from './series.js';
import { CbfSession } from './session.js';
import { STAGE_ID, VERIFIED_CODEC_ID } from './version.js';

/**
 * Opens a CBF series: finds its files, reads the first one completely (strict parse, MD5, decode
 * on this thread once, for the pixel mask), describes the series from its header, and returns a
 * session whose frames are the files' payloads, decoded (and MD5-checked) in the workers.
 */
export async function openCbf(options: CbfSourceOptions, ctx: HostContext): Promise<CbfSession> {
  const path = inputPath(options, ctx.baseDir);
  const series = await findSeries(path);
  const files = series.files;
  const first = files[0]!;
  const warn = (message: string, context: Record<string, unknown> = {}): void => ctx.warn(message, { stage: STAGE_ID, ...context });

  // The head first, so the whole file is only read once its image size bounds its length.
  const head = await readHead(first.path, MAX_TEXT_BYTES + MAX_MIME_BYTES + 64);
  let elements: number;
  try {
    elements = parseCbfHead(head, first.path).binary.elements;
  } catch (error) {
    throw asInputError(error, first.path, 'cannot parse the CBF file');
  }
  const maxBytes = maxCbfFileBytes(elements);
  const bytes = await readWholeFile(first.path, maxBytes);
  const frameOffsets = contiguous(files) ? null : files.map((f) => f.number - first.number);
  if (frameOffsets) warn(`the frame numbers of ${series.description} have gaps; each frame's angle follows its number`, { file: path });
  const inputs = await provenanceInputs(files, options.checksums);
  let reading;
  try {
    reading = readCbfFile(bytes, first.path, { verify: options.verify, series: { frameCount: files.length, frameOffsets, inputs } });
  } catch (error) {
    throw asInputError(error, first.path, 'cannot read the first file').withContext({ frame: 0 });
  }
  const { parsed, meta, warnings } = reading;
  const pixelMask = meta.detector.pixelMask;
  for (const w of warnings) warn(w, { file: first.path });
  for (const name of parsed.binary.ignored) warn(`ignored MIME header field ${name}`, { file: first.path });

  const encoding: Encoding = { codec: options.verify ? VERIFIED_CODEC_ID : 'byte-offset', params: {} };
  ctx.log.info(
    `cbf: ${files.length} frames ${meta.shape[1]}x${meta.shape[0]} ${meta.dtype} from ${series.description}; ` +
      `mask ${pixelMask ? 'from the first frame\'s -1/-2 pixels' : 'none'}; Content-MD5 ${options.verify ? 'checked in the workers' : 'checked as a warning'}`,
  );
  const reader = new FrameReader({ files, meta, encoding, verify: options.verify, maxBytes, warn: (m, c) => warn(m, { ...c }) });
  return new CbfSession(meta, encoding, reader, (message) => warn(message));
}

function contiguous(files: readonly SeriesFile[]): boolean {
  return files.every((f, k) => f.number === files[0]!.number + k);
}

/** Every file with its size (and SHA-256 when asked), which also proves they all exist now. */
async function provenanceInputs(files: readonly SeriesFile[], checksums: boolean): Promise<ProvenanceInput[]> {
  const out: ProvenanceInput[] = [];
  const BATCH = 64;
  for (let k = 0; k < files.length; k += BATCH) {
    const batch = files.slice(k, k + BATCH);
    out.push(
      ...(await Promise.all(
        batch.map(async (f) => {
          let bytes: number;
          try {
            bytes = (await stat(f.path)).size;
          } catch (cause) {
            throw inputError(`${basename(f.path)} disappeared: ${(cause as Error).message}`, { file: f.path }, cause);
          }
          return { path: f.path, bytes, sha256: checksums ? await sha256(f.path) : null };
        }),
      )),
    );
  }
  return out;
}

function sha256(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', (cause) => reject(inputError(`cannot read ${path}: ${cause.message}`, { file: path }, cause)))
      .on('end', () => resolve(hash.digest('hex')));
  });
}
