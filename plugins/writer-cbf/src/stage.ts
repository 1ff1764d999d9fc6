import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { headerPlan } from '@beamstack/cbf';
import { BeamstackError, DTYPES, ErrorCodes, defineWriter, isBeamstackError, type DatasetMeta, type WriterStage } from '@beamstack/contract';
import { exists, pathIn } from '@beamstack/files';
import { frameFileName } from './names.js';
import { checkOptions, optionsSchema, type CbfWriterOptions } from './options.js';
import { prepareFrame } from './prepare.js';
import { holdFirstFrame, takeInventory } from './resume.js';
import { CbfSeriesSession, type ResumeState } from './session.js';
import { STAGE_ID } from './version.js';

/**
 * The `cbf-series` writer: one Pilatus-convention miniCBF per frame (`<prefix>_NNNNNN.cbf`), the
 * files built in the worker pool by `prepare`, written under temporary names and renamed at close.
 */
export const cbfSeriesWriter: WriterStage<CbfWriterOptions> = defineWriter({
  id: STAGE_ID,
  description: 'miniCBF series: one PILATUS_1.2-header CBF per frame (<prefix>_NNNNNN.cbf), byte-offset int32, Eiger mask conventions, provenance in the header',
  options: optionsSchema,
  accepts: { pixels: true, encoded: [] },
  async open(meta, options, ctx) {
    checkOptions(options);
    checkMeta(meta, options.digits);
    const outDir = resolve(ctx.outDir);
    await mkdir(outDir, { recursive: true });
    if (ctx.encoding !== null) {
      throw new BeamstackError(ErrorCodes.INTERNAL, `the CBF writer takes pixels, but the host planned ${ctx.encoding.codec} chunks`, { stage: STAGE_ID });
    }
    if (options.resume !== true) {
      const last = Math.max(1, meta.frameCount);
      for (const n of new Set([1, last])) {
        const path = pathIn(outDir, frameFileName(options.prefix, n, options.digits), { stage: STAGE_ID });
        if (await exists(path)) throw new BeamstackError(ErrorCodes.OUTPUT, `${path} already exists; not replacing it (or resume the run)`, { file: path, stage: STAGE_ID });
      }
    }
    if (!Number.isFinite(Date.parse(meta.startTime))) ctx.warn(`start time ${JSON.stringify(meta.startTime)} is not a date; the headers say 1970-01-01`, { stage: STAGE_ID });
    const plan = headerPlan(meta);
    if (plan.identity.generic) {
      ctx.warn(`${meta.shape[1]}x${meta.shape[0]} is not a module layout dxtbx knows for "${meta.detector.description}"; the files say GENERIC_MINI with a generic detector line`, {
        stage: STAGE_ID,
      });
    }
    if (plan.omitted.steps + plan.omitted.inputs > 0) {
      ctx.warn(`provenance does not fit the CBF header: ${plan.omitted.steps} step(s) and ${plan.omitted.inputs} input file(s) left out`, { stage: STAGE_ID });
    }
    let resume: ResumeState | null = null;
    if (options.resume === true) {
      const kept = await takeInventory(outDir, options, meta, ctx);
      resume = { kept, heldFirst: await holdFirstFrame(outDir, options, kept, meta.frameCount) };
    }
    return new CbfSeriesSession(meta, options, ctx, outDir, resume);
  },
  prepare(frame, { options, meta }) {
    return prepareFrame(frame, options, meta);
  },
});

function checkMeta(meta: DatasetMeta, digits: number): void {
  const [H, W] = meta.shape;
  const bad = (message: string): BeamstackError => new BeamstackError(ErrorCodes.INPUT, message, { stage: STAGE_ID });
  if (!DTYPES.includes(meta.dtype)) throw bad(`unsupported dtype ${String(meta.dtype)}`);
  if (!Number.isInteger(H) || !Number.isInteger(W) || H < 1 || W < 1 || H * W > 2 ** 28) throw bad(`invalid frame shape [${H}, ${W}]`);
  if (meta.detector.pixelMask && meta.detector.pixelMask.length !== H * W) throw bad(`pixel mask holds ${meta.detector.pixelMask.length} values, the frame ${H * W}`);
  if (meta.frameCount > 10 ** digits - 1) {
    throw new BeamstackError(ErrorCodes.OPTIONS, `${meta.frameCount} frames need more than ${digits} digits in the file names`, { option: 'digits', stage: STAGE_ID });
  }
  try {
    headerPlan(meta);
  } catch (error) {
    throw isBeamstackError(error) ? error.withContext({ stage: STAGE_ID }) : error;
  }
}
