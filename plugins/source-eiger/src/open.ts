import { existsSync, statSync } from 'node:fs';
import type { HostContext } from '@beamstack/contract';
import { inputError } from './errors.js';
import { FileCache } from './frames/file-cache.js';
import { checkSameFormat, describeFormat, pipeline } from './frames/format.js';
import { FrameReader } from './frames/frame-reader.js';
import { findFrames } from './frames/layout.js';
import { openHdf5Reader } from './frames/open-reader.js';
import type { OpenReader } from './frames/reader-api.js';
import { H5wasmFile } from './h5/h5wasm-file.js';
import { buildMeta, expectedFrameCount } from './meta/build.js';
import { Fields } from './meta/fields.js';
import { locateNxmx } from './meta/locate.js';
import { Notes } from './meta/notes.js';
import { inputPath, type EigerOptions } from './options.js';
import { EigerSession } from './session.js';

export interface OpenDependencies {
  /** The chunk reader (default: @beamstack/hdf5's Hdf5Reader). */
  readonly openReader?: OpenReader;
}

/**
 * Opens a master (or lone data) file: metadata through h5wasm, frame layout and chunk access
 * through the chunk reader. Everything opened is closed again if anything fails.
 */
export async function openEiger(options: EigerOptions, ctx: HostContext, deps: OpenDependencies = {}): Promise<EigerSession> {
  const path = inputPath(options, ctx.baseDir);
  if (!existsSync(path)) throw inputError(`input file ${path} does not exist`, { file: path, option: 'path' });
  if (!statSync(path).isFile()) throw inputError(`input ${path} is not a file`, { file: path, option: 'path' });

  const notes = new Notes(path);
  const files = new FileCache(deps.openReader ?? openHdf5Reader);
  const master = await H5wasmFile.open(path);
  try {
    const fields = new Fields(master, notes);
    const paths = locateNxmx(master);
    const expected = expectedFrameCount({ fields, paths });
    const layout = await findFrames({
      master: path,
      dataset: options.dataset,
      files,
      expectedFrames: expected,
      warn: (message, dataset) => notes.warn(message, dataset ? { dataset } : {}),
    });
    if (layout.frameCount === 0) throw inputError(`no frames: ${layout.description} holds none`, { file: path, ...(options.dataset ? { dataset: options.dataset } : {}) });
    if (options.verify && layout.missingFiles.length > 0) {
      throw inputError(`${layout.missingFiles.length} data file(s) missing: ${layout.missingFiles.join(', ')}`, { file: layout.missingFiles[0]! });
    }
    const readable = layout.parts.filter((p) => p.kind === 'data');
    if (readable.length === 0) throw inputError(`no readable data: every data file is missing (${layout.missingFiles.join(', ')})`, { file: path });
    const first = await files.dataset(readable[0]!.file, readable[0]!.dataset);
    const format = describeFormat(first, ctx.codecs);
    for (const part of readable.slice(1)) checkSameFormat(first, await files.dataset(part.file, part.dataset), part);
    if (expected !== undefined && expected !== layout.frameCount) {
      notes.warn(`the data hold ${layout.frameCount} frames but nimages × ntrigger = ${expected}; using ${layout.frameCount}`, {});
    }

    const meta = buildMeta(
      { fields, paths, shape: format.shape, dtype: format.dtype, frameCount: layout.frameCount },
      [path, ...readable.map((p) => p.file)],
    );
    const encoding = format.mode.kind === 'chunks' ? format.mode.encoding : null;
    ctx.log.info(
      `eiger: ${layout.frameCount} frames ${format.shape.join(' × ')} ${format.dtype} from ${layout.description}; filters ${pipeline(format.filters)} → ${
        format.mode.kind === 'hdf5' ? `pixels decoded by HDF5 (${format.reason})` : encoding ? `${encoding.codec} chunks` : 'pixels'
      }`,
    );
    notes.flush((message, context) => ctx.warn(message, context));
    const reader = new FrameReader({
      parts: layout.parts,
      frameCount: layout.frameCount,
      format,
      files,
      codecs: ctx.codecs,
      verify: options.verify,
      warn: (message, context) => ctx.warn(message, { stage: 'eiger', ...context }),
    });
    return new EigerSession(meta, encoding, reader, files);
  } catch (error) {
    await files.close();
    throw error;
  } finally {
    master.close();
  }
}
