import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  BeamstackError,
  DTYPES,
  ErrorCodes,
  defineWriter,
  maskedValue,
  type DatasetMeta,
  type Hdf5Filter,
  type WriterContext,
  type WriterStage,
} from '@beamstack/contract';
import { compressionName } from './compression.js';
import { exists, pathIn } from '@beamstack/files';
import { dataName, masterName } from './names.js';
import { checkOptions, optionsSchema, type NxmxOptions } from './options.js';
import { takeInventory } from './resume.js';
import { runKey } from './run-key.js';
import { NxmxSession, type ResumeState } from './session.js';

/**
 * The `nxmx` writer: DECTRIS-layout NXmx output (`<prefix>_master.h5` + `<prefix>_data_NNNNNN.h5`)
 * storing pixels unfiltered or any codec's chunks directly with that codec's HDF5 filter pipeline.
 */
export const nxmxWriter: WriterStage<NxmxOptions> = defineWriter({
  id: 'nxmx',
  description: 'NXmx master + data files in the DECTRIS Eiger layout (direct chunk writes, external links, VDS)',
  options: optionsSchema,
  accepts: { pixels: true, encoded: 'hdf5' },
  async open(meta, options, ctx) {
    checkOptions(options);
    checkMeta(meta);
    const outDir = resolve(ctx.outDir);
    await mkdir(outDir, { recursive: true });
    const filters = filtersFor(meta, ctx);
    let resume: ResumeState | null = null;
    if (options.resume === true) {
      const key = runKey(meta, ctx.encoding, 'nxmx');
      const kept = await takeInventory({ outDir, prefix: options.prefix, framesPerFile: options.framesPerFile, meta, filters, runKey: key, ctx });
      resume = { kept, runKey: key };
    } else {
      for (const name of [masterName(options.prefix), dataName(options.prefix, 1)]) {
        const path = pathIn(outDir, name, { stage: 'nxmx' });
        if (await exists(path)) throw new BeamstackError(ErrorCodes.OUTPUT, `${path} already exists; not replacing it (or resume the run)`, { file: path, stage: 'nxmx' });
      }
    }
    return new NxmxSession({
      meta,
      options,
      ctx,
      outDir,
      filters,
      encoding: ctx.encoding,
      compression: compressionName(filters, ctx.encoding?.codec ?? null),
      fillValue: maskedValue(meta.dtype),
      resume,
    });
  },
});

function filtersFor(meta: DatasetMeta, ctx: WriterContext): readonly Hdf5Filter[] {
  if (ctx.encoding === null) return [];
  const { codec: id, params } = ctx.encoding;
  const codec = ctx.codecs.get(id);
  if (!codec?.hdf5) {
    throw new BeamstackError(ErrorCodes.OUTPUT, `codec ${id} has no HDF5 filter mapping; nxmx cannot store its chunks`, { codec: id, stage: 'nxmx' });
  }
  return codec.hdf5.filters(meta.dtype, params);
}

function checkMeta(meta: DatasetMeta): void {
  const [H, W] = meta.shape;
  const bad = (message: string): BeamstackError => new BeamstackError(ErrorCodes.INPUT, message, { stage: 'nxmx' });
  if (!DTYPES.includes(meta.dtype)) throw bad(`unsupported dtype ${String(meta.dtype)}`);
  if (!Number.isInteger(H) || !Number.isInteger(W) || H < 1 || W < 1 || H * W > 2 ** 30) throw bad(`invalid frame shape [${H}, ${W}]`);
  const axis = meta.scan.axis;
  if (typeof axis !== 'string' || axis === '' || axis === '.' || axis === '..' || axis.includes('/') || axis.includes('\0')) {
    throw bad(`scan axis name ${JSON.stringify(axis)} cannot be an HDF5 dataset name`);
  }
  if (meta.detector.pixelMask && meta.detector.pixelMask.length !== H * W) {
    throw bad(`pixel mask holds ${meta.detector.pixelMask.length} values, the frame ${H * W}`);
  }
  if (!(meta.beam.wavelength_A > 0)) throw bad(`wavelength must be positive, got ${meta.beam.wavelength_A}`);
}
